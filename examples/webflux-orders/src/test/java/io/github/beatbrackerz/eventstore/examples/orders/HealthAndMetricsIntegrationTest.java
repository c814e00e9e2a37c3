package io.github.beatbrackerz.eventstore.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.examples.orders.domain.Order;
import io.github.beatbrackerz.eventstore.examples.orders.readmodel.CustomerSummaries;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the README's "Health and metrics" section shows, against real PostgreSQL and Redis:
 * {@code /actuator/health} has the store's components {@code UP} (PostgreSQL, the live feed, the
 * customer summaries' durable subscription, the cache), and after an append and a read {@code
 * /actuator/metrics} lists the store's named meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class HealthAndMetricsIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @RegisterExtension
    static final StallDiagnostics STALLS = new StallDiagnostics(DB);

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> DB.server().r2dbcUrl());
        registry.add("eventstore.schema", DB::schema);
        RedisURI redis = RedisTestServer.standalone();
        registry.add("spring.data.redis.host", redis::getHost);
        registry.add("spring.data.redis.port", redis::getPort);
        registry.add("eventstore.cache.enabled", () -> "true");
        registry.add("eventstore.cache.key-prefix", () -> RedisTestServer.uniquePrefix(HealthAndMetricsIntegrationTest.class));
        // A generous budget: a loaded machine must not turn the cache check into "degraded".
        registry.add("eventstore.cache.timeout", () -> "3s");
    }

    @Test
    void healthShowsTheStoresComponentsUp() {
        String durable = "$.components.eventStore.components.durable";
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.eventStore.status").isEqualTo("UP")
                .jsonPath("$.components.eventStore.components.postgres.status").isEqualTo("UP")
                .jsonPath("$.components.eventStore.components.postgres.details.schema").isEqualTo("ready")
                .jsonPath("$.components.eventStore.components.subscriptions.status").isEqualTo("UP")
                .jsonPath(durable + ".status").isEqualTo("UP")
                .jsonPath(durable + ".details['" + CustomerSummaries.NAME + "'].segments").isEqualTo(1)
                .jsonPath(durable + ".details['" + CustomerSummaries.NAME + "'].held").isEqualTo(1)
                .jsonPath("$.components.eventStore.components.cache.status").isEqualTo("UP")
                .jsonPath("$.components.eventStore.components.cache.details.state").isEqualTo("available")
                .jsonPath("$.components.redis").doesNotExist());
    }

    @Test
    void metricsListTheStoresMetersAfterAnAppendAndARead() {
        Order created = client.post().uri("/orders").bodyValue(Map.of("customerId", "c-metrics")).exchange()
                .expectStatus().isCreated().expectBody(Order.class).returnResult().getResponseBody();
        assertThat(created).isNotNull();
        client.get().uri("/orders/{id}", created.id()).exchange().expectStatus().isOk();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            client.get().uri("/actuator/metrics").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.names").value(names -> assertThat(names).asInstanceOf(InstanceOfAssertFactories.LIST)
                            .contains("eventstore.append", "eventstore.append.events", "eventstore.replay", "eventstore.cache",
                                    "eventstore.durable.lag", "eventstore.durable.lag.time", "eventstore.durable.parked"));
            client.get().uri("/actuator/metrics/eventstore.append?tag=operation:appendEvent&tag=outcome:success").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.measurements[?(@.statistic == 'COUNT')].value").isEqualTo(1.0);
            client.get().uri("/actuator/metrics/eventstore.replay?tag=operation:replayEvents").exchange().expectStatus().isOk();
            client.get().uri("/actuator/metrics/eventstore.durable.parked?tag=subscription:" + CustomerSummaries.NAME).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.measurements[0].value").isEqualTo(0.0);
        });
    }
}
