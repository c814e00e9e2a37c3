package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

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
    void anEarlierPositionThatCommitsLastIsDeliveredFirstAndNothingIsSkipped() {
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pollInterval(Duration.ofMillis(100)).build());
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(fixture::isLive);
        Sinks.Empty<Void> release = Sinks.empty();

        // The early writer takes positions first and holds its transaction open ...
        CompletableFuture<List<UUID>> early = fixture.append("order-early", 3, true, connection -> release.asMono()).toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> DB.column("SELECT count(*) FROM " + fixture.schema + ".events", Long.class)
                .blockFirst(Duration.ofSeconds(5)) == 0 && earlyRowsInserted());
        // ... while a later writer takes higher positions and commits.
        List<UUID> late = fixture.append("order-late", 3, Duration.ZERO, true).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.engine.lag().block(Duration.ofSeconds(5)).heldBackEvents() == 3);
        assertThat(live.count()).isZero();

        release.tryEmitEmpty();
        List<UUID> earlyIds = early.join();
        await().atMost(Duration.ofSeconds(20)).until(() -> live.count() == 6);
        assertThat(live.ids()).containsExactlyElementsOf(Stream.concat(earlyIds.stream(), late.stream()).toList());
        assertThat(live.events().get(0).globalPosition()).isLessThan(live.events().get(3).globalPosition());
    }

    private boolean earlyRowsInserted() {
        return DB.column("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.query LIKE 'INSERT INTO "
                + fixture.schema + ".events%' AND a.state = 'idle in transaction'", Long.class).blockFirst(Duration.ofSeconds(5)) > 0;
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
