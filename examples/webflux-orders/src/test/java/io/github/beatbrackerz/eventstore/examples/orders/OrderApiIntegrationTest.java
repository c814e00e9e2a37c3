package io.github.beatbrackerz.eventstore.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.examples.orders.domain.Order;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderService;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/** The order endpoints over HTTP against real PostgreSQL: commands, concurrency, errors and snapshots. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "orders.snapshot-interval=3")
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class OrderApiIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @RegisterExtension
    static final StallDiagnostics STALLS = new StallDiagnostics(DB);

    @Autowired
    WebTestClient client;

    @Autowired
    EventStore store;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> DB.server().r2dbcUrl());
        registry.add("eventstore.schema", DB::schema);
    }

    @Test
    void createAddConfirmShipAndGet() {
        String id = create("c-1");
        addItem(id, 1, "book", 2, 1250).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody().jsonPath("$.totalCents").isEqualTo(2500);
        command(id, "confirm", "\"2\"", null).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CONFIRMED");
        command(id, "ship", "\"3\"", Map.of("carrier", "DHL", "trackingNumber", "JD1")).expectStatus().isOk();

        client.get().uri("/orders/{id}", id).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"4\"")
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.customerId").isEqualTo("c-1")
                .jsonPath("$.status").isEqualTo("SHIPPED")
                .jsonPath("$.lines[0].sku").isEqualTo("book")
                .jsonPath("$.lines.length()").isEqualTo(1)
                .jsonPath("$.version").isEqualTo(4);
    }

    @Test
    void staleVersionAnswers409WithBothVersions() {
        String id = create("c-2");
        addItem(id, 1, "book", 1, 100).expectStatus().isOk();

        addItem(id, 1, "pen", 1, 100)
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.expectedVersion").isEqualTo(1)
                .jsonPath("$.actualVersion").isEqualTo(2)
                .jsonPath("$.orderId").isEqualTo(id);
        client.get().uri("/orders/{id}", id).exchange().expectBody().jsonPath("$.lines.length()").isEqualTo(1);
    }

    @Test
    void badInputAnswers400NamingTheField() {
        client.post().uri("/orders").bodyValue(Map.of("customerId", " ")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("customerId");
        String id = create("c-3");
        addItem(id, 1, "book", 0, 100).expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("quantity");
        command(id, "confirm", null, null).expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("If-Match");
        client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void unknownOrderAnswers404AndForbiddenTransitionAnswers422() {
        client.get().uri("/orders/{id}", "no-such-order").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.orderId").isEqualTo("no-such-order");
        command("no-such-order", "confirm", "\"1\"", null).expectStatus().isNotFound();

        String id = create("c-4");
        command(id, "ship", "\"1\"", Map.of("carrier", "DHL", "trackingNumber", "JD2"))
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.orderStatus").isEqualTo("OPEN");
    }

    @Test
    void snapshotIsTakenAtTheIntervalAndReadsStartFromIt() {
        String id = create("c-5");
        addItem(id, 1, "a", 1, 100).expectStatus().isOk();
        addItem(id, 2, "b", 1, 100).expectStatus().isOk();

        store.getLatestSnapshot(id, OrderService.AGGREGATE_TYPE).as(StepVerifier::create)
                .assertNext(snapshot -> assertThat(snapshot.sequenceNumber()).isEqualTo(3))
                .expectComplete().verify(WAIT);

        // A doctored snapshot at the last version proves that GET replays from the snapshot, not from event 1.
        Order doctored = client.get().uri("/orders/{id}", id).exchange().expectBody(Order.class).returnResult().getResponseBody();
        assertThat(doctored).isNotNull();
        Order marked = new Order(doctored.id(), "from-snapshot", doctored.status(), doctored.lines(), doctored.totalCents(), doctored.version());
        store.createSnapshot(NewSnapshot.of(id, OrderService.AGGREGATE_TYPE, 3, marked)).block(Duration.ofSeconds(10));
        addItem(id, 3, "c", 1, 100).expectStatus().isOk();

        client.get().uri("/orders/{id}", id).exchange()
                .expectHeader().valueEquals("ETag", "\"4\"")
                .expectBody()
                .jsonPath("$.customerId").isEqualTo("from-snapshot")
                .jsonPath("$.lines.length()").isEqualTo(3);
    }

    @Test
    void snapshotEndpointStoresTheCurrentVersion() {
        String id = create("c-6");
        addItem(id, 1, "a", 1, 100).expectStatus().isOk();

        client.post().uri("/orders/{id}/snapshot", id).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.sequenceNumber").isEqualTo(2);
        Snapshot latest = store.getLatestSnapshot(id, OrderService.AGGREGATE_TYPE).block(Duration.ofSeconds(10));
        assertThat(latest).isNotNull();
        assertThat(latest.sequenceNumber()).isEqualTo(2);
    }

    private String create(String customerId) {
        Order order = client.post().uri("/orders").bodyValue(Map.of("customerId", customerId)).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(Order.class).returnResult().getResponseBody();
        assertThat(order).isNotNull();
        return order.id();
    }

    private WebTestClient.ResponseSpec addItem(String id, long version, String sku, int quantity, long unitPriceCents) {
        return command(id, "items", "\"" + version + "\"", Map.of("sku", sku, "quantity", quantity, "unitPriceCents", unitPriceCents));
    }

    private WebTestClient.ResponseSpec command(String id, String action, @Nullable String ifMatch, @Nullable Map<String, ?> body) {
        WebTestClient.RequestBodySpec request = client.post().uri("/orders/{id}/{action}", id, action);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }
}
