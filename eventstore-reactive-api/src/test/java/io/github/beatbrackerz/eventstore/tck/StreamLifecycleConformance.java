package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTombstone;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Stream lifecycle: the hard delete (events and snapshots go, a tombstone stays, numbering
 * continues) and the truncation before a snapshot, and what each does to reads, cached entries,
 * statistics, validation and subscriptions.
 */
public interface StreamLifecycleConformance extends ConformanceSupport {

    /** The stream most of these tests use. */
    StreamId O1 = new StreamId("o-1", ORDER);

    private StreamDeletion delete(StreamId stream) {
        return Objects.requireNonNull(store().deleteStream(stream).block(TIMEOUT));
    }

    private void snapshotAt(long sequence) {
        store().createSnapshot(NewSnapshot.of("o-1", ORDER, sequence, new Tally(sequence * (sequence + 1) / 2, sequence))).block(TIMEOUT);
    }

    private static void invalid(String field, Throwable error) {
        assertThat(error).isInstanceOfSatisfying(ValidationException.class, invalid -> assertThat(invalid.field()).isEqualTo(field));
    }

    @Test
    default void deleteRemovesEventsAndSnapshotsAndLeavesATombstone() {
        List<RecordedEvent> stored = appendEach("o-1", 3);
        RecordedEvent other = append(event("o-2", "Added", 9)).get(0);
        snapshotAt(2);
        // read first, so that a cache holds the stream, its snapshot and an event by id
        assertThat(collect(store().getAggregateEvents(O1))).hasSize(3);
        assertThat(store().getLatestSnapshot(O1).block(TIMEOUT)).isNotNull();
        assertThat(store().getEvent(stored.get(0).id()).block(TIMEOUT)).isEqualTo(stored.get(0));

        StreamDeletion deletion = delete(O1);

        assertThat(deletion.stream()).isEqualTo(O1);
        assertThat(deletion.removedEventIds()).containsExactly(stored.get(0).id(), stored.get(1).id(), stored.get(2).id());
        assertThat(deletion.eventsRemoved()).isEqualTo(3);
        assertThat(deletion.snapshotsRemoved()).isEqualTo(1);
        RecordedEvent tombstone = deletion.tombstone();
        assertThat(tombstone.type()).isEqualTo(StreamTombstone.TYPE);
        assertThat(StreamTombstone.isTombstone(tombstone)).isTrue();
        assertThat(tombstone.stream()).isEqualTo(O1);
        assertThat(tombstone.sequenceNumber()).isEqualTo(4);
        assertThat(tombstone.createdBy()).isEqualTo(StreamTombstone.CREATED_BY);
        assertThat(tombstone.payload().node().get("lastSequence").asLong()).isEqualTo(3);
        assertThat(tombstone.payload().node().get("eventsRemoved").asLong()).isEqualTo(3);
        assertThat(tombstone.metadata().node().isEmpty()).isTrue();
        assertThat(tombstone.position()).isGreaterThan(other.position());

        assertThat(collect(store().getAggregateEvents(O1))).containsExactly(tombstone);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).containsExactly(tombstone);
        for (RecordedEvent removed : stored) {
            assertThat(store().getEvent(removed.id()).block(TIMEOUT)).isNull();
        }
        assertThat(store().getLatestSnapshot(O1).block(TIMEOUT)).isNull();
        assertThat(collect(store().getAggregateEvents(other.stream()))).containsExactly(other);
        assertThat(collect(store().queryEvents(EventQuery.all()))).containsExactly(other, tombstone);
    }

    @Test
    default void aRecreatedStreamContinuesTheNumberingAfterTheTombstone() {
        appendEach("o-1", 2);
        long tombstone = delete(O1).tombstone().sequenceNumber();
        assertThat(tombstone).isEqualTo(3);

        store().appendEvent(event("o-1", "Added", 1), ExpectedVersion.noStream()).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ConcurrencyConflictException.class,
                        conflict -> assertThat(conflict.actualVersion()).isEqualTo(3)))
                .verify(TIMEOUT);
        RecordedEvent recreated = store().appendEvent(event("o-1", "Added", 5), ExpectedVersion.exactly(3)).block(TIMEOUT);
        assertThat(recreated.sequenceNumber()).isEqualTo(4);
        assertThat(store().appendEvent(event("o-1", "Added", 6)).block(TIMEOUT).sequenceNumber()).isEqualTo(5);
        assertThat(collect(store().getAggregateEvents(O1))).extracting(RecordedEvent::sequenceNumber).containsExactly(3L, 4L, 5L);
        // a replay folds the tombstone like any event: a projection that meets it may start over
        assertThat(store().replayEvents(O1, restarting()).block(TIMEOUT)).isEqualTo(new Tally(11, 2));
    }

    /** A tally that starts over at a tombstone. */
    private static Projection<Tally> restarting() {
        return Projection.of(Tally.class, new Tally(0, 0), (state, event) -> StreamTombstone.isTombstone(event)
                ? new Tally(0, 0) : new Tally(state.sum() + event.payload().node().get("amount").asLong(), state.count() + 1));
    }

    @Test
    default void aStateBelowATombstoneIsRefusedAndAFoldFromScratchStartsAtIt() {
        appendEach("o-1", 2);
        assertThat(delete(O1).tombstone().sequenceNumber()).isEqualTo(3);
        store().getStateAtSequence(O1, restarting(), 2).as(StepVerifier::create)
                .expectErrorSatisfies(error -> {
                    invalid("sequenceNumber", error);
                    assertThat(error).hasMessageContaining("from 1 to 2 were removed (the stream starts at 3)");
                })
                .verify(TIMEOUT);
        assertThat(store().getStateAtSequence(O1, restarting(), 3).block(TIMEOUT)).isEqualTo(new Tally(0, 0));
        assertThat(store().replayEvents(O1, restarting()).block(TIMEOUT)).isEqualTo(new Tally(0, 0));
    }

    @Test
    default void aStateTheRemovedEventsWouldBeNeededForIsRefusedNotFoldedIncompletely() {
        appendEach("o-1", 5);
        snapshotAt(3);
        store().truncateStreamBefore(O1, 4).block(TIMEOUT);

        assertThat(store().getStateAtSequence(O1, tally(), 3).block(TIMEOUT)).isEqualTo(new Tally(6, 3));
        assertThat(store().getStateAtSequence(O1, tally(), 4).block(TIMEOUT)).isEqualTo(new Tally(10, 4));
        store().getStateAtSequence(O1, tally(), 2).as(StepVerifier::create)
                .expectErrorSatisfies(error -> {
                    invalid("sequenceNumber", error);
                    assertThat(error).hasMessageContaining("from 1 to 2 were removed (the stream starts at 4)");
                })
                .verify(TIMEOUT);

        // without the snapshot nothing restores events 1 to 3: refused, where folding 4 and 5 alone would give a wrong state
        assertThat(store().pruneSnapshots(O1, 0).block(TIMEOUT)).isEqualTo(1L);
        store().replayEvents(O1, tally()).as(StepVerifier::create).expectErrorSatisfies(error -> invalid("stream", error)).verify(TIMEOUT);
        store().getStateAtSequence(O1, tally(), 5).as(StepVerifier::create)
                .expectErrorSatisfies(error -> invalid("sequenceNumber", error)).verify(TIMEOUT);
        // a stream that does not reach the sequence, or does not exist, still folds what there is
        assertThat(store().getStateAtSequence(new StreamId("nobody", ORDER), tally(), 3).block(TIMEOUT)).isEqualTo(new Tally(0, 0));
    }

    @Test
    default void aDeletedStreamIsValidAndItsStatisticsCountTheTombstone() {
        appendEach("o-1", 3);
        RecordedEvent tombstone = delete(O1).tombstone();
        assertThat(store().validateEventStream(O1).block(TIMEOUT)).satisfies(result -> assertThat(result.valid()).isTrue());
        AggregateStats stats = store().getAggregateStats(O1).block(TIMEOUT);
        assertThat(stats.totalEvents()).isEqualTo(1);
        assertThat(stats.firstEvent()).isEqualTo(tombstone);
        assertThat(stats.lastEvent()).isEqualTo(tombstone);
        assertThat(stats.eventTypes()).containsExactly(Map.entry(StreamTombstone.TYPE, 1L));
        store().appendEvent(event("o-1", "Added", 1)).block(TIMEOUT);
        assertThat(store().validateEventStream(O1).block(TIMEOUT).valid()).isTrue();
        assertThat(store().getAggregateStats(O1).block(TIMEOUT).totalEvents()).isEqualTo(2);
    }

    @Test
    default void deletingADeletedStreamChangesNothing() {
        appendEach("o-1", 2);
        Mono<StreamDeletion> delete = store().deleteStream(O1);
        StreamDeletion first = delete.block(TIMEOUT);
        StreamDeletion again = delete.block(TIMEOUT);
        StreamDeletion other = delete(O1);
        assertThat(again.tombstone()).isEqualTo(first.tombstone());
        assertThat(again.eventsRemoved()).isZero();
        assertThat(other.tombstone()).isEqualTo(first.tombstone());
        assertThat(collect(store().getAggregateEvents(O1))).containsExactly(first.tombstone());
    }

    @Test
    default void deletingAStreamAfterItsRecreationRemovesTheOldTombstoneToo() {
        appendEach("o-1", 2);
        RecordedEvent firstTombstone = delete(O1).tombstone();
        RecordedEvent recreated = store().appendEvent(event("o-1", "Added", 1)).block(TIMEOUT);
        StreamDeletion second = delete(O1);
        assertThat(second.removedEventIds()).containsExactly(firstTombstone.id(), recreated.id());
        assertThat(second.tombstone().sequenceNumber()).isEqualTo(5);
        assertThat(collect(store().getAggregateEvents(O1))).containsExactly(second.tombstone());
    }

    @Test
    default void deletingAStreamThatNeverExistedWritesNothing() {
        store().deleteStream(new StreamId("nobody", ORDER)).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(collect(store().queryEvents(EventQuery.all()))).isEmpty();
    }

    @Test
    default void lifecycleOperationsAreLazy() {
        appendEach("o-1", 3);
        snapshotAt(2);
        store().deleteStream(O1);
        store().truncateStreamBefore(O1, 3);
        assertThat(collect(store().getAggregateEvents(O1))).hasSize(3);
    }

    @Test
    default void catchUpAndLiveSubscribersSeeTheTombstoneInPlaceOfTheRemovedEvents() {
        RecordedEvent before = append(event("o-2", "Added", 1)).get(0);
        appendEach("o-1", 2);
        CompletableFuture<List<RecordedEvent>> live = subscribedLive(EventFilter.forStream(O1), 1);
        RecordedEvent tombstone = delete(O1).tombstone();
        StepVerifier.create(Mono.fromFuture(live)).expectNext(List.of(tombstone)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store().subscribeFrom(Position.BEGINNING, EventFilter.all()).take(2))
                .expectNext(before, tombstone).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void theTombstoneTypeCannotBeAppended() {
        NewEvent forged = NewEvent.builder().type(StreamTombstone.TYPE).aggregateId("o-1").aggregateType(ORDER).createdBy("tck").build();
        assertThatThrownBy(() -> store().appendEvent(forged)).satisfies(error -> invalid("type", error));
    }

    @Test
    default void truncateRemovesTheEventsBeforeASnapshotAndTheStreamStartsThere() {
        List<RecordedEvent> stored = appendEach("o-1", 5);
        assertThat(collect(store().getAggregateEvents(O1))).hasSize(5);
        snapshotAt(3);

        StreamTruncation truncation = store().truncateStreamBefore(O1, 4).block(TIMEOUT);

        assertThat(truncation.stream()).isEqualTo(O1);
        assertThat(truncation.firstSequence()).isEqualTo(4);
        assertThat(truncation.removedEventIds()).containsExactly(stored.get(0).id(), stored.get(1).id(), stored.get(2).id());
        assertThat(collect(store().getAggregateEvents(O1))).containsExactlyElementsOf(stored.subList(3, 5));
        assertThat(store().getEvent(stored.get(0).id()).block(TIMEOUT)).isNull();
        assertThat(store().getEvent(stored.get(3).id()).block(TIMEOUT)).isEqualTo(stored.get(3));
        ValidationResult validation = store().validateEventStream(O1).block(TIMEOUT);
        assertThat(validation.valid()).as("%s", validation).isTrue();
        AggregateStats stats = store().getAggregateStats(O1).block(TIMEOUT);
        assertThat(stats.totalEvents()).isEqualTo(2);
        assertThat(stats.firstEvent()).isEqualTo(stored.get(3));
        assertThat(stats.lastEvent()).isEqualTo(stored.get(4));
        assertThat(store().replayEvents(O1, tally()).block(TIMEOUT)).isEqualTo(new Tally(15, 5));
        assertThat(store().getLatestSnapshot(O1).block(TIMEOUT).sequenceNumber()).isEqualTo(3);
        assertThat(store().appendEvent(event("o-1", "Added", 6), ExpectedVersion.exactly(5)).block(TIMEOUT).sequenceNumber()).isEqualTo(6);
        assertThat(store().validateEventStream(O1).block(TIMEOUT).valid()).isTrue();
    }

    @Test
    default void truncatingAgainOrBelowTheStartRemovesNothing() {
        appendEach("o-1", 4);
        snapshotAt(3);
        assertThat(store().truncateStreamBefore(O1, 3).block(TIMEOUT).eventsRemoved()).isEqualTo(2);
        StreamTruncation again = store().truncateStreamBefore(O1, 2).block(TIMEOUT);
        assertThat(again.eventsRemoved()).isZero();
        assertThat(again.firstSequence()).isEqualTo(3);
        assertThat(store().truncateStreamBefore(O1, 1).block(TIMEOUT).eventsRemoved()).isZero();
        assertThat(store().validateEventStream(O1).block(TIMEOUT).valid()).isTrue();
    }

    @Test
    default void truncateRefusesToRemoveEventsNoSnapshotCovers() {
        appendEach("o-1", 5);
        snapshotAt(2);
        store().truncateStreamBefore(O1, 4).as(StepVerifier::create)
                .expectErrorSatisfies(error -> invalid("sequenceNumber", error)).verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents(O1))).hasSize(5);
    }

    @Test
    default void truncateKeepsTheLastEvent() {
        appendEach("o-1", 3);
        snapshotAt(3);
        store().truncateStreamBefore(O1, 4).as(StepVerifier::create)
                .expectErrorSatisfies(error -> invalid("sequenceNumber", error)).verify(TIMEOUT);
        store().truncateStreamBefore(new StreamId("nobody", ORDER), 1).as(StepVerifier::create)
                .expectErrorSatisfies(error -> invalid("sequenceNumber", error)).verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents(O1))).hasSize(3);
    }

    @Test
    default void lifecycleArgumentsAreCheckedAtCallTime() {
        assertThatThrownBy(() -> store().truncateStreamBefore(O1, 0)).satisfies(error -> invalid("sequenceNumber", error));
        assertThatThrownBy(() -> store().deleteStream(null)).satisfies(error -> invalid("stream", error));
        assertThatThrownBy(() -> store().deleteStream(" ", ORDER)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> store().truncateStreamBefore("o-1", "", 2)).isInstanceOf(ValidationException.class);
    }
}
