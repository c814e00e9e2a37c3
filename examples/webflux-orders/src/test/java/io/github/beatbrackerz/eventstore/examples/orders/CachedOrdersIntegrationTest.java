package io.github.beatbrackerz.eventstore.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.examples.orders.domain.Order;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The service with the Redis cache configured ({@code spring.data.redis.*}, {@code eventstore.cache.enabled}): the store uses Redis and reads stay current. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class CachedOrdersIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @RegisterExtension
    static final StallDiagnostics STALLS = new StallDiagnostics(DB);

    @Autowired
    WebTestClient client;

    @Autowired
    EventStore store;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> DB.server().r2dbcUrl());
        registry.add("eventstore.schema", DB::schema);
        RedisURI redis = RedisTestServer.standalone();
        registry.add("spring.data.redis.host", redis::getHost);
        registry.add("spring.data.redis.port", redis::getPort);
        registry.add("eventstore.cache.enabled", () -> "true");
        registry.add("eventstore.cache.key-prefix", () -> RedisTestServer.uniquePrefix(CachedOrdersIntegrationTest.class));
    }

    @Test
    void storeCachesInRedisAndReadsSeeEveryCompletedAppend() {
        Order created = client.post().uri("/orders").bodyValue(Map.of("customerId", "c-cached")).exchange()
                .expectStatus().isCreated().expectBody(Order.class).returnResult().getResponseBody();
        assertThat(created).isNotNull();
        String id = created.id();
        client.get().uri("/orders/{id}", id).exchange().expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");

        client.post().uri("/orders/{id}/items", id).header("If-Match", "\"1\"")
                .bodyValue(Map.of("sku", "book", "quantity", 1, "unitPriceCents", 100)).exchange().expectStatus().isOk();
        client.get().uri("/orders/{id}", id).exchange()
                .expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody().jsonPath("$.lines.length()").isEqualTo(1);
        client.post().uri("/orders/{id}/confirm", id).header("If-Match", "\"1\"").exchange().expectStatus().isEqualTo(409);

        // The cache is best-effort: a Redis call over its time budget falls back to PostgreSQL (and a stats read answers
        // "unavailable"), which a loaded machine can cause. Wait until Redis answers, and check reads stay current meanwhile.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            client.get().uri("/orders/{id}", id).exchange().expectHeader().valueEquals("ETag", "\"2\"");
            CacheStats stats = store.getCacheStats().block(Duration.ofSeconds(10));
            assertThat(stats).isNotNull();
            assertThat(stats.enabled()).isTrue();
            assertThat(stats.type()).isEqualTo("redis");
        });
    }
}
