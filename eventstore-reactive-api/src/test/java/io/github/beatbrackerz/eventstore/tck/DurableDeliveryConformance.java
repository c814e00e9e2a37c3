package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Durable subscriptions deliver history then live, from where they start, in per-stream order, and resume from checkpoints. */
public interface DurableDeliveryConformance extends DurableConformanceSupport {

    @Test
    default void aNewSubscriptionAtTheBeginningDeliversHistoryThenLiveEvents() {
        appendEach("o-1", 3);
        DurableRecorder recorder = new DurableRecorder(1);
        started(spec("history").build(), recorder);
        awaitHandled(recorder, 3);
        appendEach("o-2", 2);
        awaitHandled(recorder, 5);
        assertThat(recorder.amounts()).containsExactly(1L, 2L, 3L, 1L, 2L);
    }

    @Test
    default void aNewSubscriptionAtNowSkipsWhatTheLiveFeedAlreadyDelivered() {
        Disposable watcher = appendWhileWatched(() -> appendEach("o-1", 2));
        DurableRecorder recorder = new DurableRecorder(1);
        started(spec("now").start(StartPosition.now()).build(), recorder);
        watcher.dispose();
        RecordedEvent later = append(event("o-9", "Later", 7)).get(0);
        awaitHandled(recorder, 1);
        assertThat(recorder.handled()).containsExactly(later);
    }

    @Test
    default void aNewSubscriptionAfterAPositionDeliversWhatFollowsIt() {
        List<RecordedEvent> stored = appendEach("o-1", 3);
        DurableRecorder recorder = new DurableRecorder(1);
        started(spec("after").start(StartPosition.after(stored.get(0).position())).build(), recorder);
        awaitHandled(recorder, 2);
        assertThat(recorder.handled()).containsExactly(stored.get(1), stored.get(2));
    }

    @Test
    default void aStoppedSubscriptionResumesAfterItsCheckpoint() {
        DurableRecorder first = new DurableRecorder(1);
        DurableSubscription subscription = started(spec("resume").build(), first);
        List<RecordedEvent> before = appendEach("o-1", 4);
        awaitHandled(first, 4);
        subscription.stop().block(TIMEOUT);
        assertThat(subscription.isRunning()).isFalse();
        assertThat(durable().status("resume").blockFirst(TIMEOUT)).extracting(DurableStatus::checkpoint, DurableStatus::leaseHeld)
                .containsExactly(before.get(3).position(), false);

        List<RecordedEvent> after = appendEach("o-2", 2);
        DurableRecorder second = new DurableRecorder(1);
        started(spec("resume").start(StartPosition.beginning()).build(), second);
        awaitHandled(second, 2);
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> second.handled().size() == 2);
        assertThat(second.handled()).containsExactlyElementsOf(after);
    }

    @Test
    default void segmentsKeepEveryStreamInOrderAndNeverOverlap() {
        int segments = 4;
        DurableRecorder recorder = new DurableRecorder(segments).slowBy(Duration.ofMillis(1));
        DurableSubscription subscription = started(spec("ordered").segments(segments).build(), recorder);
        int streams = 12;
        int perStream = 8;
        Flux.range(0, streams).flatMap(stream -> Flux.range(1, perStream)
                        .concatMap(n -> store().appendEvent(event("s-" + stream, "Added", n))), streams)
                .then().block(TIMEOUT);
        awaitHandled(recorder, streams * perStream);
        assertThat(recorder.sequencesPerStream()).hasSize(streams)
                .allSatisfy((stream, sequences) -> assertThat(sequences).as(stream)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, perStream).boxed().toList()));
        assertThat(recorder.overlaps()).isZero();
        assertThat(subscription.segments()).containsExactly(0, 1, 2, 3);
    }

    @Test
    default void aBatchHandlerGetsBatchesInPositionOrder() {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            events.add(event("o-1", "Added", i));
        }
        append(events.toArray(NewEvent[]::new));
        DurableRecorder recorder = new DurableRecorder(1);
        Objects.requireNonNull(durable().startBatches(spec("batches").batches(10, Duration.ofMillis(5)).build(), recorder).block(TIMEOUT));
        awaitHandled(recorder, 25);
        assertThat(recorder.amounts()).containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
        assertThat(recorder.batchSizes()).allSatisfy(size -> assertThat(size).isBetween(1, 10)).hasSizeLessThan(25);
    }

    @Test
    default void theStatusShowsOwnerCheckpointAndLag() {
        DurableRecorder recorder = new DurableRecorder(1);
        DurableSubscription subscription = started(spec("status").build(), recorder);
        List<RecordedEvent> stored = appendEach("o-1", 2);
        awaitHandled(recorder, 2);
        List<DurableStatus> status = awaitStatus("status", all -> all.get(0).checkpoint().equals(stored.get(1).position()));
        assertThat(status).singleElement().satisfies(segment -> {
            assertThat(segment.owner()).isEqualTo(subscription.owner());
            assertThat(segment.leaseHeld()).isTrue();
            assertThat(segment.local()).isTrue();
            assertThat(segment.lag()).isEqualTo(DurableStatus.Lag.NONE);
        });

        durable().pause("status").block(TIMEOUT);
        appendEach("o-2", 3);
        awaitStatus("status", all -> all.get(0).lag() != null && all.get(0).lag().events() == 3 && all.get(0).paused());
    }

    @Test
    default void aFilterByCorrelationIdDeliversAndCountsOnlyCorrelatedEvents() {
        DurableRecorder recorder = new DurableRecorder(1);
        started(spec("correlated").filter(EventFilter.correlationId("c-1")).build(), recorder);
        RecordedEvent first = append(correlated("o-1", "c-1")).get(0);
        append(correlated("o-2", "c-2"), event("o-3", "Added", 1));
        RecordedEvent second = append(correlated("o-2", "c-1")).get(0);
        awaitHandled(recorder, 2);
        assertThat(recorder.handled()).containsExactly(first, second);

        durable().pause("correlated").block(TIMEOUT);
        append(correlated("o-4", "c-2"), correlated("o-4", "c-1"), event("o-4", "Added", 1));
        awaitStatus("correlated", all -> all.get(0).lag() != null && all.get(0).lag().events() == 1 && all.get(0).paused());
    }

    private NewEvent correlated(String aggregateId, String correlationId) {
        return NewEvent.builder().type("Added").aggregateId(aggregateId).aggregateType(ORDER).createdBy("tck")
                .payload(Map.of("amount", 1)).correlationId(correlationId).build();
    }

    @Test
    default void startingDoesNothingBeforeSubscription() {
        durable().start(spec("lazy").build(), new DurableRecorder(1));
        assertThat(durable().status("lazy").collectList().block(TIMEOUT)).isEmpty();
    }
}
