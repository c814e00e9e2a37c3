package io.github.beatbrackerz.eventstore.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.examples.orders.domain.Order;
import io.github.beatbrackerz.eventstore.examples.orders.web.EventView;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@code GET /events/stream} against real PostgreSQL: live delivery and resumption with {@code Last-Event-ID}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class EventStreamIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ParameterizedTypeReference<ServerSentEvent<EventView>> SSE = new ParameterizedTypeReference<>() {
    };

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @RegisterExtension
    static final StallDiagnostics STALLS = new StallDiagnostics(DB);

    @Autowired
    WebTestClient client;

    @Autowired
    EventStore store;

    private static final Queue<RecordedEvent> PROBED = new ConcurrentLinkedQueue<>();
    private static @Nullable Disposable probe;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> DB.server().r2dbcUrl());
        registry.add("eventstore.schema", DB::schema);
    }

    /**
     * The hot subscription delivers what commits after its shared reader knows where the head is.
     * A probe subscriber that has seen an event proves the reader is running, so a stream opened
     * afterwards receives everything appended after it opened. The probe stays for the class.
     */
    @BeforeEach
    void startSharedReader() {
        if (probe != null) {
            return;
        }
        probe = store.subscribeToEvents().subscribe(PROBED::add);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            store.appendEvent(NewEvent.builder().type("Ping").aggregateId("probe").aggregateType("Probe").createdBy("test").build())
                    .subscribe();
            return !PROBED.isEmpty();
        });
    }

    @AfterAll
    static void stopProbe() {
        if (probe != null) {
            probe.dispose();
        }
    }

    @Test
    void streamReceivesAppendedEventsWithTheirPositionAsId() {
        Flux<ServerSentEvent<EventView>> stream = events(open("/events/stream?aggregateType=Order", null));
        String id = create("c-live");
        addItem(id, 1);

        stream.take(2).as(StepVerifier::create)
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("OrderCreated");
                    assertThat(event.data()).isNotNull();
                    assertThat(event.data().aggregateId()).isEqualTo(id);
                    assertThat(event.id()).isEqualTo(event.data().position());
                })
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("ItemAdded");
                    assertThat(event.data().sequenceNumber()).isEqualTo(2);
                    assertThat(event.data().payload().get("sku").asString()).isEqualTo("book");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void lastEventIdResumesWithExactlyTheMissedEvents() {
        Flux<ServerSentEvent<EventView>> first = events(open("/events/stream?aggregateType=Order", null));
        String id = create("c-resume");
        ServerSentEvent<EventView> seen = first.blockFirst(WAIT);
        assertThat(seen).isNotNull();
        assertThat(seen.event()).isEqualTo("OrderCreated");

        addItem(id, 1);
        client.post().uri("/orders/{id}/confirm", id).header("If-Match", "\"2\"").exchange().expectStatus().isOk();

        Flux<ServerSentEvent<EventView>> resumed = events(open("/events/stream?aggregateType=Order", seen.id()));
        resumed.take(3).map(event -> event.event() + "#" + event.data().sequenceNumber()).as(StepVerifier::create)
                .expectNext("ItemAdded#2", "OrderConfirmed#3")
                .then(() -> client.post().uri("/orders/{id}/cancel", id).header("If-Match", "\"3\"")
                        .bodyValue(Map.of("reason", "changed my mind")).exchange().expectStatus().isOk())
                .expectNext("OrderCancelled#4")
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void malformedLastEventIdAnswers400() {
        client.get().uri("/events/stream").header("Last-Event-ID", "not-a-position").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("position");
    }

    private Flux<ServerSentEvent<EventView>> open(String uri, @Nullable String lastEventId) {
        WebTestClient.RequestHeadersSpec<?> request = client.get().uri(uri).accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody();
    }

    /** The stream's events, without the comment lines (opening and heartbeats). */
    private static Flux<ServerSentEvent<EventView>> events(Flux<ServerSentEvent<EventView>> stream) {
        return stream.filter(event -> event.data() != null);
    }

    private String create(String customerId) {
        Order order = client.post().uri("/orders").bodyValue(Map.of("customerId", customerId)).exchange()
                .expectStatus().isCreated().expectBody(Order.class).returnResult().getResponseBody();
        assertThat(order).isNotNull();
        return order.id();
    }

    private void addItem(String id, long version) {
        client.post().uri("/orders/{id}/items", id).header("If-Match", "\"" + version + "\"")
                .bodyValue(Map.of("sku", "book", "quantity", 1, "unitPriceCents", 100)).exchange().expectStatus().isOk();
    }

}
