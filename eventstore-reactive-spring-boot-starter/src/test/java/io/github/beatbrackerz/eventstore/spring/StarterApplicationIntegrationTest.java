package io.github.beatbrackerz.eventstore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A WebFlux application that only adds the starter, PostgreSQL ({@code spring.r2dbc.url}) and
 * Redis ({@code spring.data.redis.*}), on a random port: the starter creates the schema, reports
 * health, delivers to a durable subscription declared as a bean, and on shutdown hands the
 * subscription over and closes the store and the cache. The test starts and closes the
 * application itself (rather than through {@code @SpringBootTest}), because closing a context
 * that the TestContext framework caches breaks that framework's later callbacks.
 */
class StarterApplicationIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final String SUBSCRIPTION = "starter-pings";

    @Test
    void healthDeliveryAndShutdown() {
        String schema = DB.newSchema(false);
        RedisURI redis = RedisTestServer.standalone();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).run(
                "--server.port=0",
                "--spring.r2dbc.url=" + DB.server().r2dbcUrl(),
                "--eventstore.schema=" + schema,
                "--eventstore.cache.enabled=true",
                // A generous budget: the test checks the wiring, and a loaded machine must not turn the cache into misses.
                "--eventstore.cache.timeout=3s",
                "--eventstore.cache.key-prefix=" + RedisTestServer.uniquePrefix(StarterApplicationIntegrationTest.class),
                "--spring.data.redis.host=" + redis.getHost(),
                "--spring.data.redis.port=" + redis.getPort(),
                "--management.endpoints.web.exposure.include=health,metrics",
                "--management.endpoint.health.show-details=always",
                "--spring.lifecycle.timeout-per-shutdown-phase=30s");
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        EventStore store = context.getBean(EventStore.class);
        RedisEventCache cache = context.getBean(RedisEventCache.class);
        OwnedResources owned = context.getBean(OwnedResources.class);
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> client.get().uri("/actuator/health")
                .exchange()
                .expectBody()
                .jsonPath("$.components.eventStore.status").isEqualTo("UP")
                .jsonPath("$.components.eventStore.components.postgres.details.schema").isEqualTo("ready")
                .jsonPath("$.components.eventStore.components.subscriptions.status").isEqualTo("UP")
                .jsonPath("$.components.eventStore.components.subscriptions.details.listening").isEqualTo(true)
                .jsonPath("$.components.eventStore.components.durable.status").isEqualTo("UP")
                .jsonPath("$.components.eventStore.components.durable.details." + SUBSCRIPTION + ".segments").isEqualTo(1)
                .jsonPath("$.components.eventStore.components.cache.status").isEqualTo("UP")
                .jsonPath("$.components.eventStore.components.cache.details.state").isEqualTo("available"));

        RecordedEvent appended = store.appendEvent(NewEvent.builder().type("Ping").aggregateId("p-1").aggregateType("Ping").createdBy("test").build())
                .block(Duration.ofSeconds(30));
        assertThat(appended).isNotNull();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(App.RECEIVED).extracting(RecordedEvent::id).contains(appended.id()));

        assertThat(store.getAggregateEvents("p-1", "Ping").collectList().block(Duration.ofSeconds(30))).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            client.get().uri("/actuator/metrics/eventstore.append?tag=operation:appendEvent&tag=outcome:success").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.measurements[?(@.statistic == 'COUNT')].value").isEqualTo(1.0);
            client.get().uri("/actuator/metrics/eventstore.read?tag=operation:getAggregateEvents").exchange().expectStatus().isOk();
            client.get().uri("/actuator/metrics/eventstore.cache?tag=operation:getAggregateEventsToFill").exchange().expectStatus().isOk();
            client.get().uri("/actuator/metrics/eventstore.append.events").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.measurements[0].value").isEqualTo(1.0);
            client.get().uri("/actuator/metrics/eventstore.durable.parked?tag=subscription:" + SUBSCRIPTION).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.measurements[0].value").isEqualTo(0.0);
        });

        AtomicBoolean liveCompleted = new AtomicBoolean();
        Disposable live = store.subscribeToEvents(EventFilter.aggregateType("Ping")).subscribe(event -> { }, error -> { }, () -> liveCompleted.set(true));
        try {
            context.close();
            assertThat(owned.names()).as("everything the starter created was closed").isEmpty();
            await().atMost(Duration.ofSeconds(10)).untilTrue(liveCompleted);
            cache.getSequence(StreamId.of("p-1", "Ping")).as(StepVerifier::create).expectError().verify(Duration.ofSeconds(10));
            assertThat(leases(schema)).as("the durable subscription handed its segments over").isNotEmpty().noneMatch(DurableStatus::leaseHeld);
        } finally {
            live.dispose();
            context.close();
        }
    }

    private static List<DurableStatus> leases(String schema) {
        EventStore reader = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        return R2dbcDurableSubscriptions.create(reader, DB.connectionFactory(), schema).status(SUBSCRIPTION).collectList().block(Duration.ofSeconds(30));
    }

    /** The application: auto-configuration and one durable subscription bean. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        static final List<RecordedEvent> RECEIVED = new CopyOnWriteArrayList<>();

        @Bean
        DurableSubscriptionDefinition pings() {
            DurableSubscriptionSpec spec = DurableSubscriptionSpec.builder(SUBSCRIPTION)
                    .filter(EventFilter.aggregateType("Ping"))
                    .start(StartPosition.beginning())
                    .build();
            return DurableSubscriptionDefinition.perEvent(spec, event -> Mono.fromRunnable(() -> RECEIVED.add(event)));
        }
    }
}
