package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.UpcastFailedException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import io.github.beatbrackerz.eventstore.upcast.Upcaster;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Schema evolution: live and catch-up subscriptions deliver upcast events. */
public interface UpcastingSubscriptionConformance extends UpcastingSupport {

    @Test
    default void liveSubscriptionsDeliverUpcastEvents() {
        List<RecordedEvent> stored = new ArrayList<>();
        List<SubscriptionSignal> delivered = new ArrayList<>();
        StepVerifier.create(upcasting().subscribeToSignals(EventFilter.all()).take(3))
                .expectNextMatches(ConformanceSupport::isReady)
                .then(() -> stored.addAll(append(placed("o-1", 1, 1), placed("o-2", 2, 2))))
                .recordWith(() -> delivered)
                .expectNextCount(2)
                .expectComplete().verify(TIMEOUT);
        UpcastingSupport.assertUpcast(delivered.stream().map(ConformanceSupport::asEvent).toList(), stored, 1, 2);
    }

    @Test
    default void catchUpSubscriptionsDeliverUpcastHistoryThenLiveEvents() {
        List<RecordedEvent> stored = new ArrayList<>(append(placed("o-1", 1, 1), placed("o-1", 2, 2)));
        List<RecordedEvent> delivered = new ArrayList<>();
        StepVerifier.create(upcasting().subscribeFrom(Position.BEGINNING, EventFilter.all()).take(3))
                .recordWith(() -> delivered)
                .expectNextCount(2)
                .then(() -> stored.addAll(append(placed("o-1", 1, 3))))
                .expectNextCount(1)
                .expectComplete().verify(TIMEOUT);
        assertThat(stored).extracting(RecordedEvent::version).containsExactly(1, 2, 1);
        UpcastingSupport.assertUpcast(delivered, stored, 1, 2, 3);
    }

    @Test
    default void anUpcasterThatReturnsNullEndsTheSubscriptionWithTheError() {
        RecordedEvent stored = append(placed("o-1", 1, 1)).get(0);
        EventStore failing = Upcasters.of(Upcaster.of(PLACED, 1, json -> null)).applyTo(store());
        StepVerifier.create(failing.subscribeFrom(Position.BEGINNING, EventFilter.all()))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(UpcastFailedException.class).hasNoCause().hasMessageContaining("returned null");
                    assertThat(((UpcastFailedException) error).eventId()).isEqualTo(stored.id());
                })
                .verify(TIMEOUT);
    }
}
