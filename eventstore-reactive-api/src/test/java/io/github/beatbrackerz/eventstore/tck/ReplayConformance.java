package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Replay: folds, snapshots as starting points, point-in-time state, rebuilds and batches. */
public interface ReplayConformance extends ConformanceSupport {

    /** A marker snapshot whose state no fold of the real events can produce, to see it was used. */
    private void markerSnapshot(long sequence, long sum, int version) {
        store().createSnapshot(new NewSnapshot(StreamId.of("o-1", ORDER), sequence,
                Json.from(new Tally(sum, sequence)), version)).block(TIMEOUT);
    }

    @Test
    default void replayEventsFoldsTheWholeStream() {
        appendEach("o-1", 4);
        store().replayEvents("o-1", ORDER, tally()).as(StepVerifier::create).expectNext(new Tally(10, 4)).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void replayEventsOfAnUnknownStreamGivesTheInitialState() {
        store().replayEvents("nobody", ORDER, tally()).as(StepVerifier::create).expectNext(new Tally(0, 0)).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void replayEventsStartsFromTheLatestSnapshot() {
        appendEach("o-1", 4);
        markerSnapshot(2, 1000, 1);
        store().replayEvents("o-1", ORDER, tally()).as(StepVerifier::create)
                .expectNext(new Tally(1000 + 3 + 4, 4)).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void replayEventsIgnoresSnapshotsOfAnotherVersion() {
        appendEach("o-1", 3);
        markerSnapshot(2, 1000, 7);
        store().replayEvents("o-1", ORDER, tally()).as(StepVerifier::create).expectNext(new Tally(6, 3)).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void replayEventsLooksPastNewerSnapshotsOfAnotherVersion() {
        appendEach("o-1", 4);
        markerSnapshot(2, 1000, 1);
        markerSnapshot(3, 5000, 9);
        store().replayEvents("o-1", ORDER, tally()).as(StepVerifier::create)
                .expectNext(new Tally(1000 + 3 + 4, 4)).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void replayEventsStartsOverWhenASnapshotDoesNotConvert() {
        appendEach("o-1", 3);
        store().createSnapshot(new NewSnapshot(StreamId.of("o-1", ORDER), 2, Json.parse("[\"not\", \"a tally\"]"), 1)).block(TIMEOUT);
        store().replayEvents("o-1", ORDER, tally()).as(StepVerifier::create).expectNext(new Tally(6, 3)).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void getStateAtSequenceAppliesEventsUpToIt() {
        appendEach("o-1", 5);
        store().getStateAtSequence("o-1", ORDER, tally(), 3).as(StepVerifier::create).expectNext(new Tally(6, 3)).expectComplete().verify(TIMEOUT);
        store().getStateAtSequence("o-1", ORDER, tally(), 0).as(StepVerifier::create).expectNext(new Tally(0, 0)).expectComplete().verify(TIMEOUT);
        store().getStateAtSequence("o-1", ORDER, tally(), 99).as(StepVerifier::create).expectNext(new Tally(15, 5)).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void getStateAtSequenceUsesOnlySnapshotsAtOrBeforeIt() {
        appendEach("o-1", 5);
        markerSnapshot(2, 1000, 1);
        markerSnapshot(5, 5000, 1);
        store().getStateAtSequence("o-1", ORDER, tally(), 4).as(StepVerifier::create)
                .expectNext(new Tally(1000 + 3 + 4, 4)).expectComplete().verify(TIMEOUT);
        store().getStateAtSequence("o-1", ORDER, tally(), 2).as(StepVerifier::create)
                .expectNext(new Tally(1000, 2)).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void rebuildWithSnapshotsIgnoresSnapshotsAndSavesOneEveryInterval() {
        appendEach("o-1", 5);
        markerSnapshot(1, 1000, 1);
        store().rebuildWithSnapshots("o-1", ORDER, tally(), 2).as(StepVerifier::create)
                .expectNext(new Tally(15, 5)).expectComplete().verify(TIMEOUT);
        store().getLatestSnapshot("o-1", ORDER).as(StepVerifier::create)
                .assertNext(latest -> {
                    assertThat(latest.sequenceNumber()).isEqualTo(4);
                    assertThat(latest.stateAs(Tally.class)).isEqualTo(new Tally(10, 4));
                })
                .expectComplete().verify(TIMEOUT);
        store().getStateAtSequence("o-1", ORDER, tally(), 2).map(Tally::sum).as(StepVerifier::create)
                .expectNext(3L).expectComplete().verify(TIMEOUT);
        store().pruneSnapshots("o-1", ORDER, 0).as(StepVerifier::create).expectNext(3L).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void replayBatchesAreNumberedFromOne() {
        appendEach("o-1", 5);
        store().replayBatches(EventQuery.all(), 2).as(StepVerifier::create)
                .assertNext(batch -> assertThat(batch.batchNumber() + ":" + batch.events().size()).isEqualTo("1:2"))
                .assertNext(batch -> assertThat(batch.batchNumber() + ":" + batch.events().size()).isEqualTo("2:2"))
                .assertNext(batch -> assertThat(batch.batchNumber() + ":" + batch.events().size()).isEqualTo("3:1"))
                .expectComplete().verify(TIMEOUT);
        store().replayBatches(EventQuery.builder().aggregateType("none").build(), 2).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void replayEventStreamHandsEveryEventToTheHandlerOneBatchAtATime() {
        List<RecordedEvent> stored = appendEach("o-1", 7);
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        List<Long> numbers = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        store().replayEventStream(EventQuery.all(), (events, number) -> Mono.fromRunnable(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    seen.addAll(events);
                    numbers.add(number);
                }).then(Mono.delay(Duration.ofMillis(5))).then(Mono.fromRunnable(running::decrementAndGet)), 3)
                .as(StepVerifier::create)
                .expectNext(7L)
                .expectComplete().verify(TIMEOUT);
        assertThat(seen).containsExactlyElementsOf(stored);
        assertThat(numbers).containsExactly(1L, 2L, 3L);
        assertThat(mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    default void aFailingHandlerStopsTheReplayWithItsError() {
        appendEach("o-1", 6);
        List<Long> numbers = new CopyOnWriteArrayList<>();
        IllegalStateException boom = new IllegalStateException("read model down");
        store().replayEventStream(EventQuery.all(), (events, number) -> {
                    numbers.add(number);
                    return number == 2 ? Mono.error(boom) : Mono.empty();
                }, 2)
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(boom))
                .verify(TIMEOUT);
        assertThat(numbers).containsExactly(1L, 2L);
    }

    @Test
    default void projectionsWithAnotherSnapshotVersionWriteThatVersion() {
        appendEach("o-1", 2);
        Projection<Tally> v2 = new Projection<>() {
            @Override
            public Tally initialState() {
                return new Tally(0, 0);
            }

            @Override
            public Tally applyEvent(Tally state, RecordedEvent event) {
                return tally().applyEvent(state, event);
            }

            @Override
            public Class<Tally> stateType() {
                return Tally.class;
            }

            @Override
            public int snapshotVersion() {
                return 2;
            }
        };
        store().rebuildWithSnapshots("o-1", ORDER, v2, 1).then(store().getLatestSnapshot("o-1", ORDER))
                .map(Snapshot::version).as(StepVerifier::create).expectNext(2).expectComplete().verify(TIMEOUT);
        store().replayEvents("o-1", ORDER, v2).as(StepVerifier::create).expectNext(new Tally(3, 2)).expectComplete().verify(TIMEOUT);
    }
}
