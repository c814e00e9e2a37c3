package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** An open transaction pauses delivery, lag makes it visible, and a catch-up never overflows. */
class SubscriptionLagIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private SubscriptionFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.engine.close().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void anOpenTransactionHoldsDeliveryBackAndLagShowsIt() {
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pollInterval(Duration.ofMillis(100)).build());
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(fixture::isLive);
        fixture.engine.lag().as(StepVerifier::create)
                .assertNext(lag -> assertThat(lag.undeliveredEvents()).isZero())
                .expectComplete().verify(WAIT);

        Connection blocker = Mono.from(DB.connectionFactory().create()).block(Duration.ofSeconds(10));
        try {
            Mono.from(blocker.beginTransaction())
                    .thenMany(Flux.from(blocker.createStatement("SELECT pg_current_xact_id()::text").execute())
                            .concatMap(result -> result.map(row -> row.get(0, String.class))))
                    .blockLast(Duration.ofSeconds(10));
            List<UUID> written = fixture.append("order-1", 4, Duration.ZERO, true).block(Duration.ofSeconds(10));

            SubscriptionLag lag = fixture.engine.lag().block(Duration.ofSeconds(10));
            assertThat(lag.heldBackEvents()).isEqualTo(4);
            assertThat(lag.oldestTransactionAge()).isPositive();
            assertThat(live.count()).isZero();

            Mono.from(blocker.rollbackTransaction()).block(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20)).until(() -> live.count() == 4);
            assertThat(live.ids()).containsExactlyElementsOf(written);
            SubscriptionLag after = fixture.engine.lag().block(Duration.ofSeconds(10));
            assertThat(after.deliveredPosition()).isEqualTo(live.events().get(3).position());
            assertThat(after.undeliveredEvents()).isZero();
        } finally {
            Mono.from(blocker.close()).block(Duration.ofSeconds(10));
        }
    }

    @Test
    void lagWithoutSubscribersMeasuresFromTheHead() {
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.defaults());
        List<UUID> written = fixture.append("order-1", 2, Duration.ZERO, false).block(Duration.ofSeconds(10));
        RecordedEvent last = fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all()).take(2).blockLast(Duration.ofSeconds(10));

        fixture.engine.lag().as(StepVerifier::create)
                .assertNext(lag -> {
                    assertThat(lag.deliveredPosition()).isEqualTo(last.position());
                    assertThat(lag.undeliveredEvents()).isZero();
                })
                .expectComplete().verify(WAIT);
        assertThat(last.id()).isEqualTo(written.get(1));
    }

    @Test
    void aSlowCatchUpSubscriberReReadsHistoryInsteadOfOverflowing() {
        // Pages smaller than the buffer: once caught up this subscriber is live, and a page burst larger than its
        // buffer could overflow it if the history read ended early at the commit-safe watermark.
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().bufferSize(4).pageSize(2).build());
        fixture.append("order-1", 100, Duration.ZERO, true).block(Duration.ofSeconds(10));

        List<RecordedEvent> got = new ArrayList<>();
        StepVerifier.create(fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all()), 1)
                .recordWith(() -> got)
                .expectNextCount(1)
                .then(() -> {
                    // While it is stalled in history, 30 live events arrive: far more than its buffer of 4.
                    await().atMost(Duration.ofSeconds(20)).until(fixture::isLive);
                    Flux.range(0, 10).concatMap(i -> fixture.append("order-2", 3, Duration.ZERO, true)).blockLast(Duration.ofSeconds(20));
                    // The shared reader has handed all 30 to the stalled subscriber's slot: nothing undelivered or held back.
                    await().atMost(Duration.ofSeconds(20)).until(() -> {
                        SubscriptionLag lag = fixture.engine.lag().block(Duration.ofSeconds(10));
                        return lag.undeliveredEvents() == 0 && lag.heldBackEvents() == 0;
                    });
                })
                .thenRequest(129)
                .expectNextCount(129)
                .then(() -> fixture.append("order-3", 5, Duration.ZERO, true).block(Duration.ofSeconds(10)))
                .thenRequest(5)
                .expectNextCount(5)
                .thenCancel()
                .verify(Duration.ofSeconds(20));

        assertThat(got).extracting(RecordedEvent::id).containsExactlyElementsOf(fixture.storedIds());
    }

    @Test
    void aSubscriberStillTakingItsLastHistoryPageIsNotOverflowedByLiveEvents() {
        // One short history page: the read that ends the catch-up returns before the subscriber has taken it.
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().bufferSize(4).pageSize(50).build());
        fixture.append("order-1", 10, Duration.ZERO, true).block(Duration.ofSeconds(10));

        List<RecordedEvent> got = new ArrayList<>();
        StepVerifier.create(fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all()), 1)
                .recordWith(() -> got)
                .expectNextCount(1)
                .then(() -> {
                    // 20 live events, five times its buffer, while 9 events of that page are still to be taken
                    await().atMost(Duration.ofSeconds(20)).until(fixture::isLive);
                    Flux.range(0, 4).concatMap(i -> fixture.append("order-2", 5, Duration.ZERO, true)).blockLast(Duration.ofSeconds(20));
                    await().atMost(Duration.ofSeconds(20)).until(() -> {
                        SubscriptionLag lag = fixture.engine.lag().block(Duration.ofSeconds(10));
                        return lag.undeliveredEvents() == 0 && lag.heldBackEvents() == 0;
                    });
                })
                .thenRequest(29)
                .expectNextCount(29)
                .thenCancel()
                .verify(Duration.ofSeconds(20));

        assertThat(got).extracting(RecordedEvent::id).containsExactlyElementsOf(fixture.storedIds());
    }
}
