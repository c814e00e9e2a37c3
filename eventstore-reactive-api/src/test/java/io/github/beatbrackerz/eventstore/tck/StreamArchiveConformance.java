package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamArchival;
import io.github.beatbrackerz.eventstore.model.StreamArchive;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Archive: a stream's events move out of the hot stream, a marker takes their place, they stay
 * readable on request, and a hard delete removes them too.
 */
public interface StreamArchiveConformance extends ConformanceSupport {

    private StreamArchival archive(StreamId stream) {
        return Objects.requireNonNull(store().archiveStream(stream).block(TIMEOUT));
    }

    /** A tally that skips the archive marker. */
    private Projection<Tally> tallySkippingMarkers() {
        return Projection.of(Tally.class, new Tally(0, 0), (state, event) -> StreamArchive.isArchiveMarker(event)
                ? state : new Tally(state.sum() + event.payload().node().get("amount").asLong(), state.count() + 1));
    }

    @Test
    default void archiveMovesTheEventsOutOfTheHotStreamAndKeepsThemReadable() {
        StreamId o1 = new StreamId("o-1", ORDER);
        List<RecordedEvent> stored = appendEach("o-1", 3);
        RecordedEvent other = append(event("o-2", "Added", 9)).get(0);
        store().createSnapshot(NewSnapshot.of("o-1", ORDER, 3, new Tally(6, 3))).block(TIMEOUT);
        assertThat(collect(store().getAggregateEvents(o1))).hasSize(3);
        assertThat(store().getEvent(stored.get(0).id()).block(TIMEOUT)).isEqualTo(stored.get(0));

        StreamArchival archival = archive(o1);

        RecordedEvent marker = archival.marker();
        assertThat(archival.archivedEventIds()).containsExactly(stored.get(0).id(), stored.get(1).id(), stored.get(2).id());
        assertThat(archival.eventsArchived()).isEqualTo(3);
        assertThat(StreamArchive.isArchiveMarker(marker)).isTrue();
        assertThat(marker.sequenceNumber()).isEqualTo(4);
        assertThat(marker.payload().node().get("lastSequence").asLong()).isEqualTo(3);
        assertThat(marker.payload().node().get("eventsArchived").asLong()).isEqualTo(3);
        assertThat(collect(store().getAggregateEvents(o1))).containsExactly(marker);
        assertThat(collect(store().readArchivedEvents(o1))).containsExactlyElementsOf(stored);
        assertThat(collect(store().readArchivedEvents("o-1", ORDER))).containsExactlyElementsOf(stored);
        assertThat(collect(store().readArchivedEvents(other.stream()))).isEmpty();
        assertThat(store().getEvent(stored.get(0).id()).block(TIMEOUT)).as("archived events are not read by id").isNull();
        assertThat(store().getLatestSnapshot(o1).block(TIMEOUT).sequenceNumber()).isEqualTo(3);
        assertThat(store().replayEvents(o1, tallySkippingMarkers()).block(TIMEOUT)).isEqualTo(new Tally(6, 3));
        assertThat(store().validateEventStream(o1).block(TIMEOUT).valid()).isTrue();
        AggregateStats stats = store().getAggregateStats(o1).block(TIMEOUT);
        assertThat(stats.totalEvents()).isEqualTo(1);
        assertThat(stats.lastEvent()).isEqualTo(marker);
        StepVerifier.create(store().subscribeFrom(Position.BEGINNING, EventFilter.forStream(o1)).take(1))
                .expectNext(marker).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void appendsAfterAnArchiveContinueAndASecondArchiveMovesThemToo() {
        StreamId o1 = new StreamId("o-1", ORDER);
        List<RecordedEvent> stored = new ArrayList<>(appendEach("o-1", 2));
        RecordedEvent marker = archive(o1).marker();
        RecordedEvent later = store().appendEvent(event("o-1", "Added", 3)).block(TIMEOUT);
        assertThat(later.sequenceNumber()).isEqualTo(4);

        StreamArchival second = archive(o1);

        stored.add(marker);
        stored.add(later);
        assertThat(second.marker().sequenceNumber()).isEqualTo(5);
        assertThat(collect(store().readArchivedEvents(o1))).containsExactlyElementsOf(stored);
        assertThat(collect(store().getAggregateEvents(o1))).containsExactly(second.marker());
    }

    @Test
    default void archivingAnArchivedOrUnknownStreamChangesNothing() {
        StreamId o1 = new StreamId("o-1", ORDER);
        appendEach("o-1", 2);
        StreamArchival first = archive(o1);
        StreamArchival again = archive(o1);
        assertThat(again.marker()).isEqualTo(first.marker());
        assertThat(again.eventsArchived()).isZero();
        assertThat(collect(store().readArchivedEvents(o1))).hasSize(2);
        store().archiveStream(new StreamId("nobody", ORDER)).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void aDeleteRemovesTheArchivedEventsToo() {
        StreamId o1 = new StreamId("o-1", ORDER);
        List<RecordedEvent> stored = appendEach("o-1", 2);
        RecordedEvent marker = archive(o1).marker();

        StreamDeletion deletion = store().deleteStream(o1).block(TIMEOUT);

        assertThat(deletion.removedEventIds()).containsExactly(stored.get(0).id(), stored.get(1).id(), marker.id());
        assertThat(collect(store().readArchivedEvents(o1))).isEmpty();
        assertThat(collect(store().getAggregateEvents(o1))).containsExactly(deletion.tombstone());
    }

    @Test
    default void theArchiveMarkerTypeCannotBeAppendedAndArchiveIsLazy() {
        NewEvent forged = NewEvent.builder().type(StreamArchive.TYPE).aggregateId("o-1").aggregateType(ORDER).createdBy("tck").build();
        assertThatThrownBy(() -> store().appendEvent(forged)).isInstanceOfSatisfying(ValidationException.class,
                invalid -> assertThat(invalid.field()).isEqualTo("type"));
        appendEach("o-1", 1);
        store().archiveStream("o-1", ORDER);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(1);
        assertThat(collect(store().readArchivedEvents("o-1", ORDER))).isEmpty();
        assertThatThrownBy(() -> store().readArchivedEvents(null)).isInstanceOf(ValidationException.class);
    }
}
