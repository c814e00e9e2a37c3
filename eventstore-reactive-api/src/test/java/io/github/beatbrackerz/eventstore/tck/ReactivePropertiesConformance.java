package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The four reactive properties: nothing happens before subscription, failures arrive as signals,
 * a {@code Mono} that promises a value emits one, and cancelling leaves the store usable without
 * leaking connections.
 */
public interface ReactivePropertiesConformance extends ConformanceSupport {

    private void manyEvents(String aggregateId, int batches) {
        for (int i = 0; i < batches; i++) {
            append(IntStream.range(0, 100).mapToObj(n -> event(aggregateId, "Added", n)).toArray(NewEvent[]::new));
        }
    }

    private void assertStoreIsUsableAndIdle() {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(storeFixture().acquiredConnections()).isZero());
        RecordedEvent probe = append(event("probe", "Probed", 1)).get(0);
        store().getAggregateEvents("probe", ORDER).last().as(StepVerifier::create).expectNext(probe).expectComplete().verify(TIMEOUT);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(storeFixture().acquiredConnections()).isZero());
    }

    // ---- laziness

    @Test
    default void appendsWriteNothingBeforeSubscription() {
        Mono<RecordedEvent> one = store().appendEvent(event("o-1", "Added", 1));
        Flux<RecordedEvent> batch = store().appendEvents(List.of(event("o-2", "Added", 1), event("o-2", "Added", 2)));
        assertThat(collect(store().queryEvents(EventQuery.all()))).isEmpty();
        one.then(batch.then()).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(collect(store().queryEvents(EventQuery.all()))).hasSize(3);
    }

    @Test
    default void snapshotWritesHappenOnlyOnSubscription() {
        appendEach("o-1", 2);
        store().createSnapshot(NewSnapshot.of("o-1", ORDER, 1, new Tally(1, 1)));
        store().rebuildWithSnapshots("o-1", ORDER, tally(), 1);
        store().getLatestSnapshot("o-1", ORDER).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        store().createSnapshot(NewSnapshot.of("o-1", ORDER, 2, new Tally(3, 2))).block(TIMEOUT);
        store().pruneSnapshots("o-1", ORDER, 0);
        store().getLatestSnapshot("o-1", ORDER).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
    }

    // ---- failures as signals

    @Test
    default void storageFailuresArriveAsSignalsNotExceptions() {
        appendEach("o-1", 1);
        UUID taken = append(event("o-9", "Added", 1)).get(0).id();
        assertThatCode(() -> {
            store().appendEvent(event("o-1", "Added", 2), ExpectedVersion.exactly(5));
            store().appendEvent(event("o-2", "Added", 2).withEventId(taken));
            store().createSnapshot(NewSnapshot.of("o-1", ORDER, 9, new Tally(0, 0)));
        }).doesNotThrowAnyException();
        store().appendEvent(event("o-1", "Added", 2), ExpectedVersion.exactly(5)).as(StepVerifier::create)
                .expectError(ConcurrencyConflictException.class).verify(TIMEOUT);
    }

    @Test
    default void aThrowingProjectionFailsTheReplayAsASignal() {
        appendEach("o-1", 2);
        IllegalStateException boom = new IllegalStateException("bad fold");
        Projection<Tally> failing = Projection.of(Tally.class, new Tally(0, 0), (state, event) -> {
            throw boom;
        });
        store().replayEvents("o-1", ORDER, failing).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(boom)).verify(TIMEOUT);
        store().rebuildWithSnapshots("o-1", ORDER, failing, 1).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(boom)).verify(TIMEOUT);
    }

    @Test
    default void aHandlerThatThrowsFailsTheReplayAsASignal() {
        appendEach("o-1", 2);
        IllegalStateException boom = new IllegalStateException("handler threw");
        store().replayEventStream(EventQuery.all(), (events, number) -> {
            throw boom;
        }, 1).as(StepVerifier::create).expectErrorSatisfies(error -> assertThat(error).isSameAs(boom)).verify(TIMEOUT);
        assertStoreIsUsableAndIdle();
    }

    // ---- emptiness

    @Test
    default void monosThatPromiseAValueEmitOneForAnUnknownAggregate() {
        store().getAggregateStats("nobody", ORDER).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
        store().validateEventStream("nobody", ORDER).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
        store().replayEvents("nobody", ORDER, tally()).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
        store().getStateAtSequence("nobody", ORDER, tally(), 3).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
        store().rebuildWithSnapshots("nobody", ORDER, tally(), 1).as(StepVerifier::create).expectNext(new Tally(0, 0)).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void countingMonosEmitZeroWhenThereIsNothing() {
        store().pruneSnapshots("nobody", ORDER, 0).as(StepVerifier::create).expectNext(0L).expectComplete().verify(TIMEOUT);
        store().replayEventStream(EventQuery.all(), (events, number) -> Mono.empty(), 10)
                .as(StepVerifier::create).expectNext(0L).expectComplete().verify(TIMEOUT);
        store().getCacheStats().as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void optionalResultsCompleteEmpty() {
        store().getLatestSnapshot("nobody", ORDER).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        store().getEvent(UUID.randomUUID()).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        store().getAggregateEvents("nobody", ORDER).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        store().getEventsByType("Nothing", 3).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        store().replayBatches(EventQuery.all(), 3).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    // ---- cancellation

    @Test
    default void takingOneEventOfALargeQueryLeavesTheStoreUsable() {
        manyEvents("o-1", 5);
        store().queryEvents(EventQuery.all()).take(1).map(RecordedEvent::sequenceNumber)
                .as(StepVerifier::create).expectNext(1L).expectComplete().verify(TIMEOUT);
        store().getAggregateEvents("o-1", ORDER).take(2).as(StepVerifier::create).expectNextCount(2).expectComplete().verify(TIMEOUT);
        store().getEventsByType("Added", 500).take(1).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertStoreIsUsableAndIdle();
    }

    @Test
    default void cancellingReplaysLeavesTheStoreUsable() {
        manyEvents("o-1", 3);
        store().replayBatches(EventQuery.all(), 10).take(1).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
        Disposable stuck = store().replayEventStream(EventQuery.all(), (events, number) -> Mono.never(), 10).subscribe();
        stuck.dispose();
        StepVerifier.create(store().replayEvents("o-1", ORDER, tally()).then())
                .thenCancel()
                .verify(TIMEOUT);
        assertStoreIsUsableAndIdle();
    }

    @Test
    default void cancellingOneSubscriberLeavesTheOthersAndTheStoreUsable() {
        CompletableFuture<List<RecordedEvent>> quitter = subscribedLive(EventFilter.all(), 1);
        CompletableFuture<List<RecordedEvent>> stayer = subscribedLive(EventFilter.all(), 3);
        CompletableFuture<List<RecordedEvent>> catchingUp = store().subscribeFrom(Position.BEGINNING, EventFilter.all()).take(1).collectList().toFuture();
        append(event("o-1", "A", 1));
        append(event("o-1", "B", 1));
        append(event("o-1", "C", 1));
        StepVerifier.create(Mono.fromFuture(quitter)).assertNext(events -> assertThat(events).hasSize(1)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(Mono.fromFuture(stayer)).assertNext(events -> assertThat(events).hasSize(3)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(Mono.fromFuture(catchingUp)).assertNext(events -> assertThat(events).hasSize(1)).expectComplete().verify(TIMEOUT);
        assertStoreIsUsableAndIdle();
    }
}
