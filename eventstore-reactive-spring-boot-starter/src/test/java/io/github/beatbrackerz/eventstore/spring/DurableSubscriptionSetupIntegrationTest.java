package io.github.beatbrackerz.eventstore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.TransactionalHandler;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link DurableSubscriptionDefinition#withSetup}: a declared durable subscription's set-up step
 * (here: creating its read model's table) runs before its first event, a failing set-up keeps the
 * subscription from starting and says so, and a definition without set-up starts as before. Real
 * PostgreSQL; each test has its own schema with one event stored before the application starts.
 */
class DurableSubscriptionSetupIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NAME = "setup-read-model";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, EventStoreAutoConfiguration.class))
            .withPropertyValues("spring.r2dbc.url=" + DB.server().r2dbcUrl());

    @Test
    void setupRunsBeforeTheFirstEvent() {
        String schema = DB.newSchema(true);
        RecordedEvent stored = appendOne(schema);
        List<String> steps = new CopyOnWriteArrayList<>();
        Mono<Void> createTable = Mono.fromRunnable(() -> steps.add("setup"))
                .then(execute("CREATE TABLE IF NOT EXISTS " + schema + ".seen (event_id text PRIMARY KEY)"));
        TransactionalHandler handler = TransactionalHandler.perEvent((event, connection) -> Mono.fromRunnable(() -> steps.add("event"))
                .then(execute(connection, "INSERT INTO " + schema + ".seen (event_id) VALUES ('" + event.id() + "')")));
        DurableSubscriptionDefinition definition = DurableSubscriptionDefinition.transactional(spec(), handler).withSetup(createTable);

        runner.withPropertyValues("eventstore.schema=" + schema)
                .withBean(DurableSubscriptionDefinition.class, () -> definition)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    // The table only exists once the set-up ran: until then the query fails, and is retried.
                    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(seen(schema)).containsExactly(stored.id().toString()));
                    assertThat(steps).first().isEqualTo("setup");
                    assertThat(steps).containsOnlyOnce("setup");
                    assertThat(context.getBean(EventStoreLifecycle.class).startFailures()).isEmpty();
                });
    }

    @Test
    void failingSetupKeepsTheSubscriptionFromStartingAndNamesIt() {
        String schema = DB.newSchema(true);
        appendOne(schema);
        List<RecordedEvent> handled = new CopyOnWriteArrayList<>();
        DurableSubscriptionDefinition definition = DurableSubscriptionDefinition
                .perEvent(spec(), event -> Mono.fromRunnable(() -> handled.add(event)))
                .withSetup(Mono.error(new IllegalStateException("read model table cannot be created")));

        runner.withPropertyValues("eventstore.schema=" + schema)
                .withBean(DurableSubscriptionDefinition.class, () -> definition)
                .run(context -> {
                    EventStoreLifecycle lifecycle = context.getBean(EventStoreLifecycle.class);
                    await().atMost(WAIT).untilAsserted(() -> assertThat(lifecycle.startFailures()).containsKey(NAME));
                    assertThat(lifecycle.startFailures().get(NAME))
                            .contains("durable subscription " + NAME + ": set-up failed")
                            .contains("read model table cannot be created");
                    assertThat(lifecycle.runningSubscriptions()).isEmpty();
                    assertThat(context.getBean(R2dbcDurableSubscriptions.class).status(NAME).collectList().block(WAIT))
                            .as("the subscription was never registered").isEmpty();
                    assertThat(handled).isEmpty();
                });
    }

    @Test
    void withoutSetupTheSubscriptionStartsAsBefore() {
        String schema = DB.newSchema(true);
        RecordedEvent stored = appendOne(schema);
        List<RecordedEvent> handled = new CopyOnWriteArrayList<>();
        DurableSubscriptionDefinition plain = DurableSubscriptionDefinition.perEvent(spec(), event -> Mono.fromRunnable(() -> handled.add(event)));
        DurableSubscriptionDefinition withSetup = plain.withSetup(Mono.error(new IllegalStateException("never used")));
        assertThat(withSetup).isNotSameAs(plain);

        runner.withPropertyValues("eventstore.schema=" + schema)
                .withBean(DurableSubscriptionDefinition.class, () -> plain)
                .run(context -> {
                    await().atMost(WAIT).untilAsserted(() -> assertThat(handled).extracting(RecordedEvent::id).containsExactly(stored.id()));
                    EventStoreLifecycle lifecycle = context.getBean(EventStoreLifecycle.class);
                    assertThat(lifecycle.startFailures()).isEmpty();
                    assertThat(lifecycle.runningSubscriptions()).extracting(subscription -> subscription.name()).containsExactly(NAME);
                });
    }

    private static DurableSubscriptionSpec spec() {
        return DurableSubscriptionSpec.builder(NAME).filter(EventFilter.aggregateType("Ping")).start(StartPosition.beginning()).build();
    }

    private static RecordedEvent appendOne(String schema) {
        EventStore store = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        RecordedEvent stored = store.appendEvent(NewEvent.builder().type("Ping").aggregateId("p-1").aggregateType("Ping").createdBy("test").build())
                .block(WAIT);
        assertThat(stored).isNotNull();
        return stored;
    }

    private static List<String> seen(String schema) {
        return Flux.usingWhen(DB.connectionFactory().create(),
                        connection -> Flux.from(connection.createStatement("SELECT event_id FROM " + schema + ".seen").execute())
                                .concatMap(result -> result.map(row -> row.get("event_id", String.class))),
                        Connection::close)
                .collectList()
                .block(WAIT);
    }

    private static Mono<Void> execute(String sql) {
        return Mono.usingWhen(DB.connectionFactory().create(), connection -> execute(connection, sql), Connection::close);
    }

    private static Mono<Void> execute(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).concatMap(result -> result.getRowsUpdated()).then();
    }
}
