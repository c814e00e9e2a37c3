package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class R2dbcEventStoresIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @Test
    void connectsFromAUrlInitializesTheSchemaAndServesTheStore() {
        String schema = DB.newSchema(false);
        R2dbcEventStoreBuilder builder = R2dbcEventStores.connect(DB.server().r2dbcUrl() + "?schema=" + schema + "&pageSize=2&maxSize=4&preparedStatementCacheQueries=0");
        try {
            builder.initializeSchema().then(builder.initializeSchema()).as(StepVerifier::create).verifyComplete();
            EventStore store = builder.build();

            NewEvent created = NewEvent.builder().type("OrderCreated").aggregateId("order-1").aggregateType("order")
                    .createdBy("user-123").payload(Map.of("total", 99.99)).build();
            store.appendEvent(created).as(StepVerifier::create)
                    .assertNext(event -> assertThat(event.sequenceNumber()).isEqualTo(1)).verifyComplete();
            store.appendEvents(List.of(created.withEventId(java.util.UUID.randomUUID()), created.withEventId(java.util.UUID.randomUUID())))
                    .as(StepVerifier::create).expectNextCount(2).verifyComplete();
            store.getAggregateEvents("order-1", "order").map(RecordedEvent::sequenceNumber).collectList()
                    .as(StepVerifier::create).expectNext(List.of(1L, 2L, 3L)).verifyComplete();
            store.createSnapshot(NewSnapshot.of("order-1", "order", 2, Map.of("status", "open"))).then(
                    store.createSnapshot(NewSnapshot.of("order-1", "order", 3, Map.of("status", "paid"))))
                    .as(StepVerifier::create).expectNextCount(1).verifyComplete();
            store.getLatestSnapshot("order-1", "order").as(StepVerifier::create)
                    .assertNext(snapshot -> assertThat(snapshot.sequenceNumber()).isEqualTo(3)).verifyComplete();
            store.pruneSnapshots("order-1", "order", 1).as(StepVerifier::create).expectNext(1L).verifyComplete();
            store.getAggregateStats("order-1", "order").as(StepVerifier::create)
                    .assertNext(stats -> assertThat(stats.totalEvents()).isEqualTo(3)).verifyComplete();
            store.queryEvents(EventQuery.all()).count().as(StepVerifier::create).expectNext(3L).verifyComplete();
        } finally {
            ((ConnectionPool) builder.connectionFactory()).disposeLater().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void anUnreachableServerIsARetryableStorageFailure() {
        R2dbcEventStoreBuilder builder = R2dbcEventStores.connect("r2dbc:postgresql://postgres@127.0.0.1:1/test?connectTimeout=PT2S&maxAcquireTime=PT5S&acquireRetry=0");
        try {
            builder.build().getAggregateEvents("x", "y")
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(StorageException.class,
                            storage -> assertThat(storage.isRetryable()).isTrue()))
                    .verify(Duration.ofSeconds(30));
        } finally {
            ((ConnectionPool) builder.connectionFactory()).disposeLater().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void aReadResumesItsPageWhenThePoolsConnectionsAreKilledBetweenPages() {
        EventStore store = R2dbcEventStores.builder(DB.connectionFactory()).schema(DB.schema()).pageSize(1).build();
        NewEvent event = NewEvent.builder().type("T").aggregateId("killed").aggregateType("x").createdBy("me").build();
        store.appendEvents(List.of(event, event.withEventId(java.util.UUID.randomUUID()), event.withEventId(java.util.UUID.randomUUID())))
                .blockLast(Duration.ofSeconds(10));

        store.queryEvents(EventQuery.forStream(io.github.beatbrackerz.eventstore.model.StreamId.of("killed", "x")))
                .concatMap(e -> DB.executeUnpooled("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'eventstore-reactive-tests'"
                        + " AND pid <> pg_backend_pid()").thenReturn(e.sequenceNumber()), 1)
                .collectList()
                .as(StepVerifier::create)
                .expectNext(List.of(1L, 2L, 3L))
                .verifyComplete();
    }

    @Test
    void wiresTheSubscriptionSourceAndRunsItsHookAfterEachAppend() {
        AtomicInteger hooks = new AtomicInteger();
        EventSubscriptionSource source = new EventSubscriptionSource() {
            @Override
            public Flux<RecordedEvent> subscribe(io.github.beatbrackerz.eventstore.model.EventFilter filter) {
                return Flux.never();
            }

            @Override
            public Flux<RecordedEvent> subscribeFrom(io.github.beatbrackerz.eventstore.model.Position after,
                    io.github.beatbrackerz.eventstore.model.EventFilter filter) {
                return Flux.never();
            }

            @Override
            public Mono<Void> close() {
                return Mono.empty();
            }
        };
        SubscriptionSourceFactory factory = new SubscriptionSourceFactory() {
            @Override
            public EventSubscriptionSource create(ConnectionFactory connectionFactory, String schema) {
                assertThat(schema).isEqualTo(DB.schema());
                return source;
            }

            @Override
            public Runnable afterAppend(EventSubscriptionSource created) {
                return hooks::incrementAndGet;
            }
        };
        EventStore store = R2dbcEventStores.builder(DB.connectionFactory()).schema(DB.schema()).subscriptionSource(factory).build();
        NewEvent event = NewEvent.builder().type("T").aggregateId("hooked").aggregateType("x").createdBy("me").build();

        store.appendEvent(event).then(store.appendEvent(event)).as(StepVerifier::create).expectNextCount(1).verifyComplete();
        assertThat(hooks).hasValue(2);

        EventStore withoutPublisher = R2dbcEventStores.builder(DB.connectionFactory()).schema(DB.schema())
                .subscriptionSource(factory).publisher(false).build();
        withoutPublisher.appendEvent(event).as(StepVerifier::create).expectNextCount(1).verifyComplete();
        assertThat(hooks).hasValue(2);
    }
}
