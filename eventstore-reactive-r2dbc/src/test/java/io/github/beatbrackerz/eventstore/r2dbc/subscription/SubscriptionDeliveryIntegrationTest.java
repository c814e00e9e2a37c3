package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.error.SubscriberOverflowException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Resume, writers that bypass the library, filters and the slow-subscriber policy. */
class SubscriptionDeliveryIntegrationTest {

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
    void resumingFromASavedPositionDeliversExactlyTheMissedEvents() {
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pageSize(7).build());
        fixture.append("order-1", 10, Duration.ZERO, true).block(Duration.ofSeconds(10));

        List<RecordedEvent> firstRun = fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all())
                .take(6).collectList().block(Duration.ofSeconds(20));
        Position saved = firstRun.get(firstRun.size() - 1).position();
        Position.parse(saved.serialize());
        for (int i = 0; i < 5; i++) {
            fixture.append("order-" + (i % 2), 4, Duration.ZERO, true).block(Duration.ofSeconds(10));
        }

        List<UUID> stored = fixture.storedIds();
        List<UUID> missed = stored.subList(6, stored.size());
        Received resumed = Received.from(fixture.engine.subscribeFrom(Position.parse(saved.serialize()), EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(() -> resumed.count() >= missed.size());
        List<UUID> sentinel = fixture.append("sentinel", 1, Duration.ZERO, true).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> resumed.contains(sentinel.get(0)));

        assertThat(firstRun).extracting(RecordedEvent::id).containsExactlyElementsOf(stored.subList(0, 6));
        assertThat(resumed.ids()).containsExactlyElementsOf(fixture.storedIds().subList(6, stored.size() + 1));
        resumed.assertOrdered();
    }

    @Test
    void rowsInsertedByPlainSqlWithoutNotifyAreDeliveredByPolling() {
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pollInterval(Duration.ofMillis(200)).build());
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(fixture::isLive);

        List<UUID> written = fixture.append("external-1", 3, Duration.ZERO, false).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> live.count() == 3);
        assertThat(live.ids()).containsExactlyElementsOf(written);
    }

    @Test
    void filtersSelectAggregateTypeIdAndEventTypeInHistoryAndLive() {
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pageSize(2).build());
        fixture.append("order-1", 3, Duration.ZERO, true).block(Duration.ofSeconds(10));
        fixture.append("order-2", 3, Duration.ZERO, true).block(Duration.ofSeconds(10));
        EventFilter oneOrder = new EventFilter("order-2", "Order", java.util.Set.of("OrderPlaced"), null);
        Received filtered = Received.from(fixture.engine.subscribeFrom(Position.BEGINNING, oneOrder));
        Received otherType = Received.from(fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all().withTypes("OrderShipped")));
        Received otherAggregateType = Received.from(fixture.engine.subscribe(EventFilter.aggregateType("Invoice")));
        await().atMost(Duration.ofSeconds(20)).until(() -> filtered.count() == 3 && fixture.isLive());

        fixture.append("order-1", 2, Duration.ZERO, true).block(Duration.ofSeconds(10));
        fixture.append("order-2", 2, Duration.ZERO, true).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> filtered.count() == 5);

        assertThat(filtered.events()).extracting(RecordedEvent::aggregateId).containsOnly("order-2");
        assertThat(filtered.events()).extracting(RecordedEvent::sequenceNumber).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(otherType.count()).isZero();
        assertThat(otherAggregateType.count()).isZero();
    }

    @Test
    void aSlowSubscriberOverflowsWithItsResumePositionWhileAnotherReceivesEverything() {
        // Small pages keep every burst well inside the buffer of the subscriber that does keep up.
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().bufferSize(32).pageSize(8).build());
        Received fast = Received.from(fixture.engine.subscribe(EventFilter.all()));
        List<RecordedEvent> slowGot = new ArrayList<>();
        AtomicReference<Throwable> slowError = new AtomicReference<>();

        StepVerifier.create(fixture.engine.subscribe(EventFilter.all()).ofType(RecordedEvent.class), 0)
                .then(() -> {
                    await().atMost(Duration.ofSeconds(20)).until(fixture::isLive);
                    Flux.range(0, 40).concatMap(i -> fixture.append("order-" + (i % 4), 5, Duration.ZERO, true))
                            .blockLast(Duration.ofSeconds(30));
                    await().atMost(Duration.ofSeconds(20)).until(() -> fast.count() == 200);
                })
                .thenRequest(Long.MAX_VALUE)
                .recordWith(() -> slowGot)
                .thenConsumeWhile(event -> true)
                .consumeErrorWith(slowError::set)
                .verify(Duration.ofSeconds(20));

        List<UUID> stored = fixture.storedIds();
        assertThat(fast.ids()).containsExactlyElementsOf(stored);
        assertThat(fast.error()).isNull();
        assertThat(slowGot).hasSizeLessThan(200);
        assertThat(slowError.get()).isInstanceOf(SubscriberOverflowException.class);
        Position resumeFrom = ((SubscriberOverflowException) slowError.get()).lastSeenPosition();
        assertThat(resumeFrom).isEqualTo(slowGot.get(slowGot.size() - 1).position());

        List<RecordedEvent> rest = fixture.engine.subscribeFrom(resumeFrom, EventFilter.all())
                .take(200 - slowGot.size()).collectList().block(Duration.ofSeconds(20));
        List<UUID> slowTotal = new ArrayList<>(slowGot.stream().map(RecordedEvent::id).toList());
        rest.forEach(event -> slowTotal.add(event.id()));
        assertThat(slowTotal).containsExactlyElementsOf(stored);
    }
}
