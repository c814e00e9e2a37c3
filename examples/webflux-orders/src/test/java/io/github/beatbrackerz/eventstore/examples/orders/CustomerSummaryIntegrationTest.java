package io.github.beatbrackerz.eventstore.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.examples.orders.domain.Order;
import io.github.beatbrackerz.eventstore.examples.orders.readmodel.CustomerSummary;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The customer summaries read model, kept by a transactional durable subscription, over HTTP against real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class CustomerSummaryIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @RegisterExtension
    static final StallDiagnostics STALLS = new StallDiagnostics(DB);

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> DB.server().r2dbcUrl());
        registry.add("eventstore.schema", DB::schema);
    }

    @Test
    void ordersConfirmationsAndCancellationsReachTheCustomersSummary() {
        String customer = "c-" + UUID.randomUUID();
        String confirmed = create(customer);
        command(confirmed, "items", "\"1\"", Map.of("sku", "book", "quantity", 2, "unitPriceCents", 1250)).expectStatus().isOk();
        command(confirmed, "confirm", "\"2\"", null).expectStatus().isOk();
        String cancelled = create(customer);
        command(cancelled, "cancel", "\"1\"", Map.of("reason", "changed my mind")).expectStatus().isOk();

        await().atMost(Duration.ofSeconds(30)).until(() -> summary(customer).getStatus().is2xxSuccessful());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(summary(customer).getResponseBody())
                .isEqualTo(new CustomerSummary(customer, 2, 1, 2500, 1)));
        client.get().uri("/customers/{id}/summary", "nobody").exchange().expectStatus().isNotFound();
    }

    private EntityExchangeResult<CustomerSummary> summary(String customer) {
        return client.get().uri("/customers/{id}/summary", customer).exchange().expectBody(CustomerSummary.class).returnResult();
    }

    private String create(String customerId) {
        Order order = client.post().uri("/orders").bodyValue(Map.of("customerId", customerId)).exchange()
                .expectStatus().isCreated()
                .expectBody(Order.class).returnResult().getResponseBody();
        assertThat(order).isNotNull();
        return order.id();
    }

    private WebTestClient.ResponseSpec command(String id, String action, String ifMatch, @Nullable Map<String, ?> body) {
        WebTestClient.RequestBodySpec request = client.post().uri("/orders/{id}/{action}", id, action).header("If-Match", ifMatch);
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }
}
