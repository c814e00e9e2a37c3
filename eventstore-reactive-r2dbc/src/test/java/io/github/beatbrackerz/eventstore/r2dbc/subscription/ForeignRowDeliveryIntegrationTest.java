package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rows written by other programs with values the library's write rules refuse (see {@link
 * ForeignRows}) are delivered like any other: a live and a catch-up subscriber receive them and
 * the events written after them, exactly once and in commit-safe order.
 */
class ForeignRowDeliveryIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private SubscriptionFixture fixture;
    private Received live;
    private Received catchUp;

    @AfterEach
    void close() {
        for (Received received : new Received[] {live, catchUp}) {
            if (received != null) {
                received.cancel();
            }
        }
        if (fixture != null) {
            fixture.engine.close().block(WAIT);
        }
    }

    @Test
    void liveAndCatchUpSubscribersReceiveForeignRowsAndWhatFollowsExactlyOnceInOrder() {
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pageSize(3).pollInterval(Duration.ofMillis(200)).build());
        fixture.append("before", 2, Duration.ZERO, true).block(WAIT);
        live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(WAIT).until(fixture::isLive);

        List<ForeignRows.Row> rows = ForeignRows.deliverable();
        ForeignRows.insert(DB, fixture.schema, rows).block(WAIT);
        catchUp = Received.from(fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all()));
        List<UUID> after = fixture.append("after", 3, Duration.ZERO, true).block(WAIT);

        List<UUID> stored = fixture.storedIds();
        assertThat(stored).hasSize(2 + rows.size() + after.size());
        await().atMost(WAIT).until(() -> catchUp.contains(after.get(2)) && live.contains(after.get(2)));
        List<UUID> sentinel = fixture.append("sentinel", 1, Duration.ZERO, true).block(WAIT);
        await().atMost(WAIT).until(() -> catchUp.contains(sentinel.get(0)) && live.contains(sentinel.get(0)));

        List<UUID> all = fixture.storedIds();
        assertThat(catchUp.ids()).containsExactlyElementsOf(all);
        // A transaction open elsewhere in the shared cluster may have held the first events back past the live start.
        int liveStart = all.indexOf(live.ids().get(0));
        assertThat(liveStart).as("the live subscriber starts at or before the first foreign row").isBetween(0, 2);
        assertThat(live.ids()).containsExactlyElementsOf(all.subList(liveStart, all.size()));
        for (Received received : new Received[] {live, catchUp}) {
            assertThat(received.error()).isNull();
            for (ForeignRows.Row row : rows) {
                RecordedEvent event = received.events().stream().filter(e -> e.id().equals(row.id())).findFirst().orElseThrow();
                assertThat(row.actual(event)).as(row.kind()).isEqualTo(row.expected());
            }
        }
    }
}
