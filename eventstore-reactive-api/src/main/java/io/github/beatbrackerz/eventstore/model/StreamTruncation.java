package io.github.beatbrackerz.eventstore.model;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of truncating a stream before a sequence number.
 *
 * @param stream the stream
 * @param firstSequence where the stream starts now: its lowest kept sequence number, which
 *     validation takes as the stream's start
 * @param removedEventIds the ids of the events removed, in sequence order; empty when nothing lay
 *     before {@code firstSequence}
 */
public record StreamTruncation(StreamId stream, long firstSequence, List<UUID> removedEventIds) {

    /**
     * Copies the list so the record stays immutable.
     *
     * @param stream the stream
     * @param firstSequence where the stream starts now
     * @param removedEventIds the ids of the events removed
     */
    public StreamTruncation {
        removedEventIds = List.copyOf(removedEventIds);
    }

    /** @return how many events were removed */
    public long eventsRemoved() {
        return removedEventIds.size();
    }
}
