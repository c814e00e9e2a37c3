package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static io.github.beatbrackerz.eventstore.tck.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

/** The real append path with the store's post-append hint to the engine: what the builder wires together. */
class SubscriptionStoreIntegrationTest {

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
    void eventsAppendedThroughTheStoreReachLiveAndCatchUpSubscribersWithTheirPositions() {
        // No polling: only the store's post-append hint (a NOTIFY) can wake the engine.
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pollInterval(Duration.ofMinutes(5)).build());
        EventStore store = R2dbcEventStores.builder(DB.connectionFactory()).schema(fixture.schema)
                .subscriptions(SubscriptionMode.engine(fixture.engine)).build();
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.isLive() && live.isReady());

        List<RecordedEvent> appended = Flux.range(0, 10)
                .flatMap(i -> store.appendEvents(List.of(event("order-" + (i % 3), "Order", "OrderPlaced", Map.of("n", i)), event("order-" + (i % 3), "Order", "OrderPlaced", Map.of("n", i))), ExpectedVersion.any()), 4)
                .collectList().block(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(20)).until(() -> live.count() == 20);
        Received catchUp = Received.from(fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(() -> catchUp.count() == 20);

        assertThat(live.ids()).containsExactlyElementsOf(fixture.storedIds());
        assertThat(catchUp.ids()).containsExactlyElementsOf(fixture.storedIds());
        assertThat(live.events()).extracting(RecordedEvent::position)
                .containsExactlyInAnyOrderElementsOf(appended.stream().map(RecordedEvent::position).toList());
        live.assertOrdered();
    }

}
