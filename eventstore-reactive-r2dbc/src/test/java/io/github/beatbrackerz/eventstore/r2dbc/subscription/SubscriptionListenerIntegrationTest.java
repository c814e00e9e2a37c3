package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The dedicated LISTEN connection: failure, reconnection, release and close. */
class SubscriptionListenerIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    /**
     * Polling stays on, slowly: a transaction held open elsewhere in the shared cluster can hold an
     * event back past its NOTIFY, and only a later read delivers it then. Tests that must prove a
     * path without polling set their own options.
     */
    private static final SubscriptionOptions SLOW_POLLING = SubscriptionOptions.builder()
            .pollInterval(Duration.ofSeconds(1))
            .heartbeatInterval(Duration.ofSeconds(1))
            .reconnectBackoffMin(Duration.ofMillis(50))
            .reconnectBackoffMax(Duration.ofMillis(500))
            .build();

    private SubscriptionFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.engine.close().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void killedListenerReconnectsAndEveryEventIsStillDeliveredExactlyOnce() {
        fixture = new SubscriptionFixture(DB, SLOW_POLLING);
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(fixture::isLive);
        List<Integer> firstPids = fixture.listenerPids();
        assertThat(firstPids).hasSize(1);

        Disposable writers = Flux.interval(Duration.ofMillis(20)).onBackpressureDrop()
                .concatMap(tick -> fixture.append("order-" + (tick % 3), 2, Duration.ZERO, true))
                .subscribe();
        try {
            for (int kill = 0; kill < 3; kill++) {
                int seen = live.count();
                await().atMost(Duration.ofSeconds(20)).until(() -> live.count() > seen + 10);
                List<Integer> before = fixture.listenerPids();
                fixture.killListener();
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    List<Integer> now = fixture.listenerPids();
                    return fixture.isLive() && now.size() == 1 && !now.equals(before);
                });
            }
        } finally {
            writers.dispose();
        }
        List<UUID> sentinel = fixture.append("sentinel", 1, Duration.ZERO, true).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> live.contains(sentinel.get(0)));

        assertThat(live.ids()).containsExactlyElementsOf(fixture.storedIds());
        live.assertOrdered();
        assertThat(live.error()).isNull();
    }

    @Test
    void eventsCommittedWhileTheListenerIsDownAreReadAfterReconnecting() {
        // Slow reconnection and no polling: only the re-read after reconnecting can deliver these.
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pollInterval(Duration.ofMinutes(5))
                .reconnectBackoffMin(Duration.ofSeconds(2)).reconnectBackoffMax(Duration.ofSeconds(2)).build());
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(fixture::isLive);

        fixture.killListener();
        await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.isLive());
        List<UUID> written = fixture.append("order-1", 5, Duration.ZERO, true).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).until(() -> live.count() == 5);
        assertThat(live.ids()).containsExactlyElementsOf(written);
        assertThat(fixture.isLive()).isTrue();
    }

    @Test
    void cancellingEverySubscriberReleasesTheListenerConnection() {
        fixture = new SubscriptionFixture(DB, SLOW_POLLING);
        assertThat(fixture.listenerPids()).isEmpty();
        assertThat(fixture.engine.subscribers()).isZero();
        assertThat(fixture.engine.isListening()).isFalse();

        Received first = Received.from(fixture.engine.subscribe(EventFilter.all()));
        Received second = Received.from(fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.isLive() && fixture.listenerPids().size() == 1);
        assertThat(fixture.engine.isListening()).isTrue();
        assertThat(fixture.engine.subscribers()).isEqualTo(2);

        first.cancel();
        assertThat(fixture.listenerPids()).hasSize(1);
        assertThat(fixture.engine.subscribers()).isEqualTo(1);
        second.cancel();
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.listenerPids().isEmpty());
        assertThat(fixture.engine.subscribers()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.engine.isListening());

        // A new subscriber opens it again and is served.
        Received again = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(fixture::isLive);
        List<UUID> ids = fixture.append("order-1", 2, Duration.ZERO, true).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> again.count() == 2);
        assertThat(again.ids()).containsExactlyElementsOf(ids);
    }

    @Test
    void closeCompletesEverySubscriberAndReleasesTheListener() {
        fixture = new SubscriptionFixture(DB, SLOW_POLLING);
        fixture.append("order-1", 3, Duration.ZERO, false).block(Duration.ofSeconds(10));
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        Received catchUp = Received.from(fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.isLive() && catchUp.count() == 3);

        fixture.engine.close().as(StepVerifier::create).expectComplete().verify(WAIT);

        await().atMost(Duration.ofSeconds(10)).until(() -> live.isCompleted() && catchUp.isCompleted());
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.listenerPids().isEmpty());
        fixture.engine.subscribe(EventFilter.all()).as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(5));
        fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all()).as(StepVerifier::create)
                .expectComplete().verify(Duration.ofSeconds(5));
        fixture.engine.close().as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    @Test
    void catchUpSubscriberIsCompletedByCloseWhileStillReadingHistory() {
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pageSize(1).pollInterval(Duration.ofSeconds(1)).build());
        fixture.append("order-1", 50, Duration.ZERO, false).block(Duration.ofSeconds(10));

        StepVerifier.create(fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all()), 1)
                .expectNextCount(1)
                .then(() -> fixture.engine.close().block(Duration.ofSeconds(5)))
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(event -> true)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }
}
