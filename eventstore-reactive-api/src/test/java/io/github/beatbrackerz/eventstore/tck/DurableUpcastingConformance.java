package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.upcast.Upcaster;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Schema evolution: durable subscriptions over a store with upcasters deliver, and replay parked, events upcast. */
public interface DurableUpcastingConformance extends DurableConformanceSupport, UpcastingSupport {

    private DurableSubscriptionFixture durableFixture() {
        assertThat(storeFixture()).as("the durable suite's fixture").isInstanceOf(DurableSubscriptionFixture.class);
        return (DurableSubscriptionFixture) storeFixture();
    }

    private static List<RecordedEvent> appended(EventStore store, NewEvent... events) {
        return Objects.requireNonNull(store.appendEvents(List.of(events)).collectList().block(TIMEOUT));
    }

    @Test
    default void durableSubscriptionsDeliverAndReplayUpcastEvents() {
        EventStore built = durableFixture().newStore(UPCASTERS);
        DurableSubscriptions durable = durableFixture().durableSubscriptions(built);
        try {
            List<RecordedEvent> stored = new ArrayList<>(appended(built, placed("o-1", 1, 1), placed("o-1", 2, 2)));
            DurableRecorder recorder = new DurableRecorder(1).failOn(event -> event.aggregateId().equals("poison"));
            durable.start(spec("upcast").build(), recorder).block(TIMEOUT);
            await().atMost(TIMEOUT).until(() -> recorder.handled().size() >= 2);
            stored.addAll(appended(built, placed("o-1", 1, 3)));
            await().atMost(TIMEOUT).until(() -> recorder.handled().size() >= 3);
            UpcastingSupport.assertUpcast(recorder.handled(), stored, 1, 2, 3);

            // a parked event is read again by id when replayed: upcast again
            List<RecordedEvent> poison = appended(built, placed("poison", 1, 4));
            ParkedEvent parked = await().atMost(TIMEOUT).until(() -> durable.parked("upcast").blockFirst(TIMEOUT), Objects::nonNull);
            recorder.failOn(event -> false);
            durable.replayParked("upcast", parked.id()).as(StepVerifier::create).expectNext(true).expectComplete().verify(TIMEOUT);
            UpcastingSupport.assertUpcast(recorder.handled().subList(3, 4), poison, 4);
        } finally {
            durable.close().block(TIMEOUT);
            built.close().block(TIMEOUT);
        }
    }

    @Test
    default void anEventThatCannotBeUpcastHoldsDeliveryBackUntilTheUpcasterWorksAndIsNeitherSkippedNorParked() {
        AtomicBoolean broken = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        Upcasters fragile = Upcasters.of(Upcaster.of(PLACED, 1, json -> {
            if (json.node().get("amount").asLong() == 2 && broken.get()) {
                failures.incrementAndGet();
                throw new IllegalStateException("this upcaster has a bug");
            }
            return Json.parse("{\"total\":" + json.node().get("amount") + "}");
        }));
        EventStore built = durableFixture().newStore(fragile);
        DurableSubscriptions durable = durableFixture().durableSubscriptions(built);
        try {
            List<RecordedEvent> stored = appended(built, placed("o-1", 1, 1), placed("o-1", 1, 2), placed("o-1", 1, 3));
            DurableRecorder recorder = new DurableRecorder(1);
            durable.start(spec("held").build(), recorder).block(TIMEOUT);
            // the feed reads the event again and again: retried, not skipped
            await().atMost(TIMEOUT).until(() -> failures.get() >= 2);
            assertThat(recorder.handled()).extracting(RecordedEvent::id).containsExactly(stored.get(0).id());

            broken.set(false);
            await().atMost(TIMEOUT).until(() -> recorder.handled().size() >= 3);
            assertThat(recorder.handled()).extracting(RecordedEvent::id).containsExactlyElementsOf(stored.stream().map(RecordedEvent::id).toList());
            assertThat(recorder.handled()).extracting(event -> event.payload().node().get("total").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(durable.parked("held").collectList().block(TIMEOUT)).isEmpty();
        } finally {
            durable.close().block(TIMEOUT);
            built.close().block(TIMEOUT);
        }
    }
}
