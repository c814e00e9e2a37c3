package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class R2dbcEventStoresIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @Test
    void connectsFromAUrlInitializesTheSchemaAndServesTheStore() {
        String schema = DB.newSchema(false);
        R2dbcEventStoreBuilder builder = R2dbcEventStores.connect(DB.server().r2dbcUrl() + "?schema=" + schema + "&pageSize=2&maxSize=4&preparedStatementCacheQueries=0");
        try {
            builder.initializeSchema().then(builder.initializeSchema()).as(StepVerifier::create).expectComplete().verify(WAIT);
            EventStore store = builder.build();

            NewEvent created = NewEvent.builder().type("OrderCreated").aggregateId("order-1").aggregateType("order")
                    .createdBy("user-123").payload(Map.of("total", 99.99)).build();
            store.appendEvent(created).as(StepVerifier::create)
                    .assertNext(event -> assertThat(event.sequenceNumber()).isEqualTo(1)).expectComplete().verify(WAIT);
            store.appendEvents(List.of(created.withEventId(UUID.randomUUID()), created.withEventId(UUID.randomUUID())))
                    .as(StepVerifier::create).expectNextCount(2).expectComplete().verify(WAIT);
            store.getAggregateEvents("order-1", "order").map(RecordedEvent::sequenceNumber).collectList()
                    .as(StepVerifier::create).expectNext(List.of(1L, 2L, 3L)).expectComplete().verify(WAIT);
            store.createSnapshot(NewSnapshot.of("order-1", "order", 2, Map.of("status", "open"))).then(
                    store.createSnapshot(NewSnapshot.of("order-1", "order", 3, Map.of("status", "paid"))))
                    .as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
            store.getLatestSnapshot("order-1", "order").as(StepVerifier::create)
                    .assertNext(snapshot -> assertThat(snapshot.sequenceNumber()).isEqualTo(3)).expectComplete().verify(WAIT);
            store.pruneSnapshots("order-1", "order", 1).as(StepVerifier::create).expectNext(1L).expectComplete().verify(WAIT);
            store.getAggregateStats("order-1", "order").as(StepVerifier::create)
                    .assertNext(stats -> assertThat(stats.totalEvents()).isEqualTo(3)).expectComplete().verify(WAIT);
            store.queryEvents(EventQuery.all()).count().as(StepVerifier::create).expectNext(3L).expectComplete().verify(WAIT);
        } finally {
            ((ConnectionPool) builder.connectionFactory()).disposeLater().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void aUrlPoolWhoseConnectionsWereAllKilledServesTheNextAppendAndRead() {
        String applicationName = "es-url-kill-" + UUID.randomUUID().toString().substring(0, 8);
        R2dbcEventStoreBuilder builder = R2dbcEventStores.connect(DB.server().r2dbcUrl() + "?schema=" + DB.schema()
                + "&applicationName=" + applicationName + "&maxSize=4");
        try {
            EventStore store = builder.subscriptions(SubscriptionMode.disabled()).build();
            NewEvent event = NewEvent.builder().type("T").aggregateId("restarted").aggregateType("x").createdBy("me").build();
            Flux.range(0, 4).flatMap(i -> store.appendEvent(event.withEventId(UUID.randomUUID())), 4)
                    .as(StepVerifier::create).expectNextCount(4).expectComplete().verify(WAIT);
            Flux.range(0, 4).flatMap(i -> Flux.usingWhen(builder.connectionFactory().create(),
                            connection -> Flux.from(connection.createStatement("SELECT pg_sleep(0.3)").execute()).flatMap(r -> r.getRowsUpdated()),
                            Connection::close), 4)
                    .as(StepVerifier::create).thenConsumeWhile(ignored -> true).expectComplete().verify(WAIT);

            List<Integer> pids = DB.column("SELECT pid FROM pg_stat_activity WHERE application_name = '" + applicationName + "'",
                    Integer.class).collectList().block(Duration.ofSeconds(10));
            assertThat(pids).hasSize(4);
            String pidList = pids.stream().map(String::valueOf).collect(Collectors.joining(","));
            DB.terminateBackends(applicationName).as(StepVerifier::create).expectNext((long) pids.size()).expectComplete().verify(WAIT);
            // pg_terminate_backend only signals: wait until the backends are gone and their sockets closed, so the
            // pool holds dead idle connections (a server restart's aftermath) rather than ones dying mid-statement.
            String stillThere = "SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + pidList + ")";
            await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                    .until(() -> DB.column(stillThere, Long.class).blockFirst() == 0L);

            store.appendEvent(event).as(StepVerifier::create)
                    .assertNext(appended -> assertThat(appended.sequenceNumber()).isEqualTo(5)).expectComplete().verify(WAIT);
            store.getAggregateEvents("restarted", "x").count().as(StepVerifier::create).expectNext(5L).expectComplete().verify(WAIT);
        } finally {
            ((ConnectionPool) builder.connectionFactory()).disposeLater().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void aStoreClosesThePoolConnectCreatedAfterItsSubscriptionsButNeverAPoolItWasGiven() {
        R2dbcEventStoreBuilder builder = R2dbcEventStores.connect(DB.server().r2dbcUrl() + "?schema=" + DB.schema() + "&maxSize=2");
        ConnectionPool created = (ConnectionPool) builder.connectionFactory();
        EventStore owning = builder.build();
        List<SubscriptionSignal> live = new CopyOnWriteArrayList<>();
        List<String> ended = new CopyOnWriteArrayList<>();
        owning.subscribeToSignals(EventFilter.all()).subscribe(live::add, error -> ended.add("error: " + error), () -> ended.add("complete"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !live.isEmpty());
        owning.appendEvent(NewEvent.builder().type("T").aggregateId("owned").aggregateType("x").createdBy("me").build())
                .as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);

        owning.close().as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(20)).until(() -> !ended.isEmpty());
        assertThat(ended).as("a live subscription completes, not fails, when its store closes its pool").containsExactly("complete");
        assertThat(created.isDisposed()).as("the pool connect created").isTrue();
        owning.close().as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(5));

        EventStore borrowing = R2dbcEventStores.builder(DB.connectionFactory()).schema(DB.schema()).build();
        borrowing.close().as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(20));
        assertThat(DB.pool().isDisposed()).as("a pool the caller passed in").isFalse();
        borrowing.getAggregateEvents("owned", "x").count().as(StepVerifier::create).expectNext(1L).expectComplete().verify(WAIT);
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
        store.appendEvents(List.of(event, event.withEventId(UUID.randomUUID()), event.withEventId(UUID.randomUUID())))
                .blockLast(Duration.ofSeconds(10));

        store.queryEvents(EventQuery.forStream(StreamId.of("killed", "x")))
                .concatMap(e -> DB.terminateBackends(DB.applicationName()).thenReturn(e.sequenceNumber()), 1)
                .collectList()
                .as(StepVerifier::create)
                .expectNext(List.of(1L, 2L, 3L))
                .expectComplete().verify(WAIT);
    }

    @Test
    void anEngineHandedToTheBuilderDeliversTheStoresAppendsAndReportsItsLag() {
        PostgresSubscriptions engine = PostgresSubscriptions.create(DB.connectionFactory(), DB.pool().unwrap(), DB.schema(),
                SubscriptionOptions.defaults());
        EventStore store = R2dbcEventStores.builder(DB.connectionFactory()).schema(DB.schema()).subscriptions(SubscriptionMode.engine(engine)).build();
        NewEvent event = NewEvent.builder().type("T").aggregateId("lagging").aggregateType("x").createdBy("me").build();
        try {
            RecordedEvent delivered = store.subscribeToSignals(EventFilter.forStream(StreamId.of("lagging", "x")))
                    .doOnNext(signal -> {
                        if (signal instanceof SubscriptionSignal.Ready) {
                            store.appendEvent(event).subscribe();
                        }
                    })
                    .ofType(RecordedEvent.class)
                    .blockFirst(Duration.ofSeconds(30));

            engine.lag().as(StepVerifier::create)
                    .assertNext(lag -> assertThat(lag.deliveredPosition().compareTo(delivered.position())).isNotNegative())
                    .expectComplete().verify(WAIT);
        } finally {
            store.close().block(Duration.ofSeconds(10));
        }
        assertThatThrownBy(() -> R2dbcEventStores.builder(DB.connectionFactory()).schema("another_schema").subscriptions(SubscriptionMode.engine(engine)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("subscriptions"))
                .hasMessageContaining("another_schema");
    }

    @Test
    void wiresTheSubscriptionSourceAndTellsItAboutEachAppend() {
        List<List<RecordedEvent>> announced = new CopyOnWriteArrayList<>();
        EventSubscriptionSource source = new EventSubscriptionSource() {
            @Override
            public Flux<SubscriptionSignal> subscribe(EventFilter filter) {
                return Flux.never();
            }

            @Override
            public Flux<RecordedEvent> subscribeFrom(Position after, EventFilter filter) {
                return Flux.never();
            }

            @Override
            public void appended(List<RecordedEvent> stored) {
                announced.add(stored);
            }

            @Override
            public Mono<Void> close() {
                return Mono.empty();
            }
        };
        SubscriptionSourceFactory factory = (connectionFactory, schema) -> {
            assertThat(schema).isEqualTo(DB.schema());
            return source;
        };
        EventStore store = R2dbcEventStores.builder(DB.connectionFactory()).schema(DB.schema()).subscriptions(SubscriptionMode.custom(factory)).build();
        NewEvent event = NewEvent.builder().eventId(UUID.randomUUID()).type("T").aggregateId("hooked").aggregateType("x").createdBy("me").build();

        RecordedEvent stored = store.appendEvent(event).block(Duration.ofSeconds(10));
        RecordedEvent retried = store.appendEvent(event).block(Duration.ofSeconds(10));
        // the idempotent retry is announced too: a spare hint costs one NOTIFY, a missing one a poll interval
        assertThat(retried).isEqualTo(stored);
        assertThat(announced).containsExactly(List.of(stored), List.of(stored));

        EventStore withoutSubscriptions = R2dbcEventStores.builder(DB.connectionFactory()).schema(DB.schema())
                .subscriptions(SubscriptionMode.disabled()).build();
        withoutSubscriptions.appendEvent(event).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        withoutSubscriptions.subscribeToEvents().as(StepVerifier::create).expectError(EventStoreException.class).verify(Duration.ofSeconds(5));
        assertThat(announced).hasSize(2);
    }
}
