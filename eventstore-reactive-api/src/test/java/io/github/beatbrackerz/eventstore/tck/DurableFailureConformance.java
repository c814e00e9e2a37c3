package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.EventHandler;
import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import io.github.beatbrackerz.eventstore.error.HandlerTimeoutException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Durable subscriptions retry failing handlers, park what keeps failing while the rest flows, and replay or skip parked events. */
public interface DurableFailureConformance extends DurableConformanceSupport {

    @Test
    default void aFailingHandlerIsRetriedUntilItSucceeds() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        DurableRecorder recorder = new DurableRecorder(1).failOn(event -> event.sequenceNumber() == 2 && failuresLeft.getAndDecrement() > 0);
        started(spec("retried").build(), recorder);
        List<RecordedEvent> stored = appendEach("o-1", 3);
        awaitHandled(recorder, 3);
        assertThat(recorder.handled()).containsExactlyElementsOf(stored);
        assertThat(recorder.calls(stored.get(1))).isEqualTo(3);
        assertThat(durable().parked("retried").collectList().block(TIMEOUT)).isEmpty();
    }

    @Test
    default void aPoisonEventIsParkedWhileTheOthersFlow() {
        DurableRecorder recorder = new DurableRecorder(1).failOn(event -> event.aggregateId().equals("poison"));
        started(spec("poisoned").build(), recorder);
        append(event("o-1", "Added", 1));
        RecordedEvent poison = append(event("poison", "Added", 2)).get(0);
        append(event("o-1", "Added", 3));
        awaitHandled(recorder, 2);
        assertThat(awaitParked("poisoned")).satisfies(event -> {
            assertThat(event.eventId()).isEqualTo(poison.id());
            assertThat(event.position()).isEqualTo(poison.position());
            assertThat(event.attempts()).isEqualTo(3);
            assertThat(event.error()).contains("IllegalStateException").contains("poison event");
        });
        assertThat(recorder.amounts()).containsExactly(1L, 3L);
        assertThat(recorder.calls(poison)).isEqualTo(3);
        awaitStatus("poisoned", status -> status.get(0).parked() == 1 && status.get(0).lastError() != null);
    }

    @Test
    default void aHandlerThatHangsIsTimedOutRetriedAndParkedWhileTheOthersFlow() {
        DurableRecorder recorder = new DurableRecorder(1).hangOn(event -> event.aggregateId().equals("hangs"));
        started(spec("hanging").handlerTimeout(Duration.ofMillis(200)).build(), recorder);
        append(event("o-1", "Added", 1));
        RecordedEvent hangs = append(event("hangs", "Added", 2)).get(0);
        append(event("o-1", "Added", 3));
        awaitHandled(recorder, 2);
        assertThat(awaitParked("hanging")).satisfies(event -> {
            assertThat(event.eventId()).isEqualTo(hangs.id());
            assertThat(event.attempts()).isEqualTo(3);
            assertThat(event.error()).contains(HandlerTimeoutException.class.getName()).contains("did not complete within PT0.2S");
        });
        assertThat(recorder.amounts()).containsExactly(1L, 3L);
        assertThat(recorder.calls(hangs)).isEqualTo(3);
        assertThat(recorder.overlaps()).as("a timed-out call is cancelled before the next one starts").isZero();
    }

    @Test
    default void aHandlerThatThrowsCountsAsAFailure() {
        EventHandler throwing = event -> {
            throw new IllegalArgumentException("thrown, not signalled");
        };
        started(spec("throwing").build(), throwing);
        append(event("o-1", "Added", 1));
        assertThat(awaitParked("throwing").error()).contains("thrown, not signalled");
    }

    @Test
    default void aParkedEventCanBeReplayedOnceTheHandlerWorks() {
        DurableRecorder recorder = new DurableRecorder(1).failOn(event -> event.aggregateId().equals("poison"));
        started(spec("replayed").build(), recorder);
        RecordedEvent poison = append(event("poison", "Added", 1)).get(0);
        ParkedEvent parked = awaitParked("replayed");

        durable().replayParked("replayed", parked.id()).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("poison event"))
                .verify(TIMEOUT);
        assertThat(durable().parked("replayed").collectList().block(TIMEOUT)).singleElement()
                .satisfies(again -> assertThat(again.attempts()).isEqualTo(parked.attempts() + 1));

        recorder.failOn(event -> false);
        durable().replayParked("replayed", parked.id()).as(StepVerifier::create).expectNext(true).expectComplete().verify(TIMEOUT);
        assertThat(recorder.handled()).containsExactly(poison);
        assertThat(durable().parked("replayed").collectList().block(TIMEOUT)).isEmpty();
        durable().replayParked("replayed", parked.id()).as(StepVerifier::create).expectNext(false).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void aParkedEventCanBeSkipped() {
        DurableRecorder recorder = new DurableRecorder(1).failOn(event -> true);
        started(spec("skipped").build(), recorder);
        append(event("o-1", "Added", 1));
        ParkedEvent parked = awaitParked("skipped");
        durable().skipParked("skipped", parked.id()).as(StepVerifier::create).expectNext(true).expectComplete().verify(TIMEOUT);
        durable().skipParked("skipped", parked.id()).as(StepVerifier::create).expectNext(false).expectComplete().verify(TIMEOUT);
        assertThat(durable().status("skipped").map(DurableStatus::parked).blockFirst(TIMEOUT)).isZero();
    }

    @Test
    default void replayingNeedsTheSubscriptionToRunHere() {
        durable().replayParked("nowhere", 1).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ValidationException.class)
                        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("name")))
                .verify(TIMEOUT);
    }

    /**
     * Waits until a subscription has a parked event.
     *
     * @param name the subscription name
     * @return the first parked event
     */
    private ParkedEvent awaitParked(String name) {
        return await().atMost(TIMEOUT).until(() -> durable().parked(name).collectList().block(TIMEOUT),
                list -> list != null && !list.isEmpty()).get(0);
    }
}
