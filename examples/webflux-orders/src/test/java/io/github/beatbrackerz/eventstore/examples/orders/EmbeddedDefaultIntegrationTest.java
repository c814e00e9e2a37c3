package io.github.beatbrackerz.eventstore.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.examples.orders.domain.Order;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The README's quickstart path: no database configured, so the service starts an embedded
 * PostgreSQL 17, the starter builds the store on it, and orders, the read model and health work.
 * The test starts and closes the application itself, like a user running it.
 */
class EmbeddedDefaultIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void withoutAUrlTheServiceRunsOnAnEmbeddedPostgres() {
        // Blank, as when nothing is set, even if the developer's shell sets EVENTSTORE_R2DBC_URL.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OrdersApplication.class).run("--server.port=0", "--spring.r2dbc.url=");
        try {
            EmbeddedPostgres server = context.getBean(EmbeddedPostgres.class);
            assertThat(context.getBean(R2dbcConnectionDetails.class).getConnectionFactoryOptions().getValue(ConnectionFactoryOptions.PORT))
                    .as("Boot's connection factory points at the embedded server").isEqualTo(server.getPort());
            int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
            WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();

            Order created = client.post().uri("/orders").bodyValue(Map.of("customerId", "c-embedded")).exchange()
                    .expectStatus().isCreated().expectBody(Order.class).returnResult().getResponseBody();
            assertThat(created).isNotNull();
            client.get().uri("/orders/{id}", created.id()).exchange().expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> client.get().uri("/customers/c-embedded/summary")
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.orders").isEqualTo(1));
            client.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.components.eventStore.components.postgres.status").isEqualTo("UP");
        } finally {
            context.close();
        }
    }
}
