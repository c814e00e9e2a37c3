package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.error.SegmentCountMismatchException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Pause, resume, reset and rebuild, and the rules of starting a name. */
public interface DurableControlConformance extends DurableConformanceSupport {

    @Test
    default void aPausedSubscriptionDeliversNothingUntilResumed() {
        DurableRecorder recorder = new DurableRecorder(1);
        started(spec("paused").build(), recorder);
        appendEach("o-1", 2);
        awaitHandled(recorder, 2);

        durable().pause("paused").block(TIMEOUT);
        assertThat(durable().status("paused").map(DurableStatus::paused).collectList().block(TIMEOUT)).containsOnly(true);
        appendEach("o-2", 3);
        await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> recorder.handled().size() == 2);

        durable().resume("paused").block(TIMEOUT);
        awaitHandled(recorder, 5);
        assertThat(recorder.amounts()).containsExactly(1L, 2L, 1L, 2L, 3L);
    }

    @Test
    default void aResetRebuildsFromTheBeginningAfterClearingTheReadModel() {
        List<RecordedEvent> model = new CopyOnWriteArrayList<>();
        AtomicBoolean clearing = new AtomicBoolean();
        List<Boolean> handledWhileClearing = new CopyOnWriteArrayList<>();
        started(spec("rebuilt").segments(2).build(), event -> Mono.fromRunnable(() -> {
            handledWhileClearing.add(clearing.get());
            model.add(event);
        }));
        List<RecordedEvent> stored = new ArrayList<>(appendEach("o-1", 3));
        stored.addAll(appendEach("o-2", 3));
        await().atMost(TIMEOUT).until(() -> model.size() == 6);

        Mono<Void> clear = Mono.fromRunnable(() -> {
            clearing.set(true);
            model.clear();
        }).then(Mono.delay(Duration.ofMillis(200))).then(Mono.fromRunnable(() -> clearing.set(false)));
        durable().reset("rebuilt", StartPosition.beginning(), clear).block(TIMEOUT);

        await().atMost(TIMEOUT).until(() -> model.size() >= 6);
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> model.size() == 6);
        assertThat(model).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(handledWhileClearing).containsOnly(false);
        assertThat(durable().status("rebuilt").map(DurableStatus::paused).collectList().block(TIMEOUT)).containsOnly(false);
    }

    @Test
    default void aResetToNowSkipsTheBacklogAndKeepsAPausedSubscriptionPaused() {
        DurableRecorder recorder = new DurableRecorder(1);
        started(spec("skipping").build(), recorder);
        durable().pause("skipping").block(TIMEOUT);
        Disposable watcher = appendWhileWatched(() -> appendEach("o-1", 3));
        durable().reset("skipping", StartPosition.now()).block(TIMEOUT);
        watcher.dispose();
        assertThat(durable().status("skipping").map(DurableStatus::paused).blockFirst(TIMEOUT)).isTrue();

        durable().resume("skipping").block(TIMEOUT);
        RecordedEvent later = append(event("o-2", "Later", 9)).get(0);
        awaitHandled(recorder, 1);
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> recorder.handled().size() == 1);
        assertThat(recorder.handled()).containsExactly(later);
    }

    @Test
    default void controllingAnUnknownNameErrorsWithTheField() {
        for (Mono<Void> control : List.of(durable().pause("unknown"), durable().resume("unknown"),
                durable().reset("unknown", StartPosition.beginning()))) {
            control.as(StepVerifier::create)
                    .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ValidationException.class)
                            .hasMessageContaining("not a registered durable subscription"))
                    .verify(TIMEOUT);
        }
        assertThat(durable().status("unknown").collectList().block(TIMEOUT)).isEmpty();
    }

    @Test
    default void aNameRunsOncePerInstanceAndKeepsItsSegmentCount() {
        DurableSubscription first = started(spec("once").segments(2).build(), new DurableRecorder(2));
        durable().start(spec("once").segments(2).build(), new DurableRecorder(2)).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ValidationException.class).hasMessageContaining("already runs"))
                .verify(TIMEOUT);
        first.stop().block(TIMEOUT);
        durable().start(spec("once").segments(3).build(), new DurableRecorder(3)).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(SegmentCountMismatchException.class)
                        .hasMessageContaining("has 2 segments"))
                .verify(TIMEOUT);
    }

    @Test
    default void aDisposedSubscriptionStopsAtOnceWithoutReleasingItsLeases() {
        DurableRecorder recorder = new DurableRecorder(1);
        DurableSubscription subscription = started(spec("disposed").build(), recorder);
        appendEach("o-1", 1);
        awaitHandled(recorder, 1);
        subscription.dispose();
        assertThat(subscription.isRunning()).isFalse();
        assertThat(subscription.isDisposed()).isTrue();
        appendEach("o-1", 1);
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> recorder.handled().size() == 1);
        assertThat(durable().status("disposed").map(DurableStatus::leaseHeld).blockFirst(TIMEOUT)).isTrue();
    }
}
