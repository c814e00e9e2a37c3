package io.github.beatbrackerz.eventstore.spring.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spring.DurableSubscriptionDefinition;
import io.github.beatbrackerz.eventstore.spring.EventStoreAutoConfiguration;
import io.github.beatbrackerz.eventstore.spring.EventStoreLifecycle;
import io.r2dbc.spi.Connection;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code eventStore} health parts against a real PostgreSQL, and with servers that cannot be reached. */
class EventStoreHealthIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static ApplicationContextRunner runner(String r2dbcUrl) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, DataRedisAutoConfiguration.class,
                        EventStoreAutoConfiguration.class, EventStoreHealthAutoConfiguration.class))
                .withPropertyValues("spring.r2dbc.url=" + r2dbcUrl, "eventstore.schema=" + DB.schema());
    }

    @Test
    void lagOverTheThresholdReportsTheConfiguredStatus() {
        Connection holder = Mono.from(DB.connectionFactory().create()).block(Duration.ofSeconds(30));
        try {
            // An open transaction that has an id holds back every event written after it.
            Mono.from(holder.beginTransaction())
                    .thenMany(Flux.from(holder.createStatement("SELECT pg_current_xact_id()::text").execute()).concatMap(result -> result.map(row -> 1)))
                    .then().block(Duration.ofSeconds(30));
            runner(DB.server().r2dbcUrl()).withPropertyValues("eventstore.health.lag-threshold=0", "eventstore.health.lag-status=down").run(context -> {
                ready(context);
                context.getBean(EventStore.class)
                        .appendEvent(NewEvent.builder().type("Ping").aggregateId("held").aggregateType("Ping").createdBy("test").build())
                        .block(Duration.ofSeconds(30));
                Health health = health(context, "subscriptions");
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat((Long) health.getDetails().get("heldBackEvents")).isPositive();
                assertThat(health.getDetails()).containsEntry("lagThreshold", 0L);
            });
            runner(DB.server().r2dbcUrl()).withPropertyValues("eventstore.health.lag-threshold=0").run(context -> {
                ready(context);
                assertThat(health(context, "subscriptions").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            });
            runner(DB.server().r2dbcUrl()).run(context -> {
                ready(context);
                Health health = health(context, "subscriptions");
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat((Long) health.getDetails().get("heldBackEvents")).isPositive();
                assertThat(health(context, "postgres").getStatus()).isEqualTo(Status.UP);
            });
        } finally {
            Mono.from(holder.rollbackTransaction()).then(Mono.from(holder.close())).block(Duration.ofSeconds(30));
        }
    }

    @Test
    void durableSubscriptionsReportLagAndStartFailures() {
        String name = "health-stuck-" + Long.toHexString(System.nanoTime());
        DurableSubscriptionSpec spec = DurableSubscriptionSpec.builder(name)
                .filter(EventFilter.aggregateType("Stuck"))
                .start(StartPosition.beginning())
                .leaseTime(Duration.ofSeconds(2))
                .build();
        // The handler never finishes its first event, so every later event is lag.
        DurableSubscriptionDefinition stuck = DurableSubscriptionDefinition.perEvent(spec, event -> Mono.never());
        runner(DB.server().r2dbcUrl()).withPropertyValues("eventstore.health.durable-lag-threshold=1")
                .withBean("stuck", DurableSubscriptionDefinition.class, () -> stuck)
                .withBean("stuckAgain", DurableSubscriptionDefinition.class, () -> stuck)
                .run(context -> {
                    ready(context);
                    EventStore store = context.getBean(EventStore.class);
                    for (int i = 0; i < 3; i++) {
                        store.appendEvent(NewEvent.builder().type("Tick").aggregateId("s-" + i).aggregateType("Stuck").createdBy("test").build())
                                .block(Duration.ofSeconds(30));
                    }
                    // The same name declared twice: the second start fails, which is DOWN whatever the lag.
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        Health health = health(context, "durable");
                        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(health.getDetails().get(name)).asString().contains("error=");
                    });
                });
        runner(DB.server().r2dbcUrl()).withPropertyValues("eventstore.health.durable-lag-threshold=1")
                .withBean("stuck", DurableSubscriptionDefinition.class, () -> stuck)
                .run(context -> {
                    ready(context);
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        Health health = health(context, "durable");
                        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                        assertThat(health.getDetails()).containsEntry("lagThreshold", 1L);
                    });
                });
    }

    @Test
    void unreachableRedisIsUpAndDegraded() throws IOException {
        runner(DB.server().r2dbcUrl()).withPropertyValues("eventstore.cache.enabled=true", "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + closedPort()).run(context -> {
                    Health health = health(context, "cache");
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("state", "degraded").containsKey("error");
                });
    }

    @Test
    void unreachablePostgresIsDownWithTheSchemaFailure() throws IOException {
        runner("r2dbc:postgresql://postgres@127.0.0.1:" + closedPort() + "/none").run(context -> {
            EventStoreLifecycle lifecycle = context.getBean(EventStoreLifecycle.class);
            lifecycle.ready().onErrorResume(error -> Mono.empty()).block(Duration.ofSeconds(60));
            assertThat(lifecycle.failure()).isNotNull();
            Health health = health(context, "postgres");
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("schema", "failed");
        });
    }

    private static void ready(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        context.getBean(EventStoreLifecycle.class).ready().block(Duration.ofSeconds(60));
    }

    private static Health health(AssertableApplicationContext context, String part) {
        CompositeReactiveHealthContributor composite = context.getBean("eventStoreHealthContributor", CompositeReactiveHealthContributor.class);
        ReactiveHealthIndicator indicator = (ReactiveHealthIndicator) composite.getContributor(part);
        assertThat(indicator).as(part).isNotNull();
        Health health = indicator.health().block(Duration.ofSeconds(30));
        assertThat(health).isNotNull();
        return health;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
