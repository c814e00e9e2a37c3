package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.SubscriberOverflowException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SubscriberSlotTest {

    @Test
    void liveSlotDeliversMatchingEventsAfterItsStartOnly() {
        SubscriberSlot slot = SubscriberSlot.live(EventFilter.aggregateType("Order"), 10);
        slot.ready(Position.of(5, 5));
        slot.offer(event("Order", 4));
        slot.offer(event("Invoice", 6));
        slot.offer(event("Order", 7));
        slot.complete();

        StepVerifier.create(slot.output())
                .expectNext(new SubscriptionSignal.Ready(Position.of(5, 5)))
                .expectNextMatches(e -> ((RecordedEvent) e).globalPosition() == 7)
                .expectComplete()
                .verify(Duration.ofSeconds(1));
    }

    @Test
    void fullLiveSlotDeliversItsBufferThenFailsWithTheLastBufferedPosition() {
        SubscriberSlot slot = SubscriberSlot.live(EventFilter.all(), 2);
        slot.ready(Position.BEGINNING);
        for (int i = 1; i <= 5; i++) {
            slot.offer(event("Order", i));
        }

        StepVerifier.create(slot.output())
                .expectNext(new SubscriptionSignal.Ready(Position.BEGINNING))
                .expectNextCount(2)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(SubscriberOverflowException.class)
                        .extracting(e -> ((SubscriberOverflowException) e).lastSeenPosition()).isEqualTo(Position.of(2, 2)))
                .verify(Duration.ofSeconds(1));
    }

    @Test
    void catchingUpSlotDropsWhatHistoryDeliveredAndKeepsTheRest() {
        SubscriberSlot slot = SubscriberSlot.catchingUp(EventFilter.all(), 10);
        slot.offer(event("Order", 3));
        slot.offer(event("Order", 4));
        slot.offer(event("Order", 5));

        assertThat(slot.switchToLive(Position.of(4, 4), slot.drops())).isTrue();
        slot.offer(event("Order", 6));
        slot.complete();
        StepVerifier.create(slot.output().ofType(RecordedEvent.class))
                .expectNextMatches(e -> e.globalPosition() == 5)
                .expectNextMatches(e -> e.globalPosition() == 6)
                .expectComplete()
                .verify(Duration.ofSeconds(1));
    }

    @Test
    void catchingUpSlotThatDroppedLiveEventsAsksForOneMoreHistoryRead() {
        SubscriberSlot slot = SubscriberSlot.catchingUp(EventFilter.all(), 2);
        for (int i = 1; i <= 5; i++) {
            slot.offer(event("Order", i));
        }

        // the history read began before the drops: it may not cover what was dropped
        assertThat(slot.switchToLive(Position.of(2, 2), 0)).isFalse();
        // a read that began after them covers it
        long dropsBeforeReread = slot.drops();
        assertThat(dropsBeforeReread).isPositive();
        assertThat(slot.switchToLive(Position.of(4, 4), dropsBeforeReread)).isTrue();
        slot.complete();
        StepVerifier.create(slot.output().ofType(RecordedEvent.class)).expectNextMatches(e -> e.globalPosition() == 5).expectComplete().verify(Duration.ofSeconds(1));
    }

    private static RecordedEvent event(String aggregateType, long position) {
        return new RecordedEvent(UUID.randomUUID(), "Happened", StreamId.of("a-" + position, aggregateType), 1, 1,
                Json.emptyObject(), Json.emptyObject(), Instant.now(), "test", Position.of(position, position));
    }
}
