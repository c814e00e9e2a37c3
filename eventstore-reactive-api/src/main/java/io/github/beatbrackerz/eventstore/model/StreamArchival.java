package io.github.beatbrackerz.eventstore.model;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of archiving one stream.
 *
 * @param stream the archived stream
 * @param marker the {@link StreamArchive} event left in the hot table: its sequence number is the
 *     stream's version from now on
 * @param archivedEventIds the ids of the events moved to the archive, in sequence order; empty when
 *     the stream was already archived
 */
public record StreamArchival(StreamId stream, RecordedEvent marker, List<UUID> archivedEventIds) {

    /**
     * Copies the list so the record stays immutable.
     *
     * @param stream the archived stream
     * @param marker the archive marker event
     * @param archivedEventIds the ids of the events moved to the archive
     */
    public StreamArchival {
        archivedEventIds = List.copyOf(archivedEventIds);
    }

    /** @return how many events were moved to the archive */
    public long eventsArchived() {
        return archivedEventIds.size();
    }
}
