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
import reactor.core.publisher.Flux;

/**
 * Global position order is not commit order: writers that hold their transaction open while later
 * positions commit must not make a subscriber skip or repeat an event.
 */
class SubscriptionOrderingIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final int ROUNDS = 20;
    private static final int WRITERS = 8;
    private static final int EVENTS_PER_WRITE = 3;

    private SubscriptionFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.engine.close().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void liveAndCatchUpSubscribersReceiveEveryEventOnceInOrderDespiteOutOfOrderCommits() {
        // A poll interval far beyond the test's length: delivery relies on the NOTIFY path.
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pollInterval(Duration.ofMinutes(5)).pageSize(50).build());
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(fixture::isLive);

        Received catchUp = null;
        for (int round = 0; round < ROUNDS; round++) {
            int r = round;
            Flux.range(0, WRITERS)
                    .flatMap(writer -> fixture.append("order-" + (writer % 5), EVENTS_PER_WRITE,
                            // Writers 0 and 3 hold their transaction open while later positions commit.
                            writer % 3 == 0 ? Duration.ofMillis(30 + 20L * (r % 4)) : Duration.ZERO, true), WRITERS)
                    .blockLast(Duration.ofSeconds(30));
            if (round == ROUNDS / 2) {
                catchUp = Received.from(fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all()));
            }
        }
        List<UUID> sentinel = fixture.append("sentinel", 1, Duration.ZERO, true).block(Duration.ofSeconds(10));
        Received catchingUp = catchUp;
        await().atMost(Duration.ofSeconds(30)).until(() -> live.contains(sentinel.get(0)) && catchingUp.contains(sentinel.get(0)));

        List<UUID> stored = fixture.storedIds();
        assertThat(stored).hasSize(ROUNDS * WRITERS * EVENTS_PER_WRITE + 1);
        assertThat(live.ids()).containsExactlyElementsOf(stored);
        assertThat(catchingUp.ids()).containsExactlyElementsOf(stored);
        live.assertOrdered();
        catchingUp.assertOrdered();
        assertThat(live.error()).isNull();
        assertThat(catchingUp.error()).isNull();
    }
}
