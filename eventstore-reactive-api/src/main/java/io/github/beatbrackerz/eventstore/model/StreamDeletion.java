package io.github.beatbrackerz.eventstore.model;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of a hard delete of one stream.
 *
 * @param stream the deleted stream
 * @param tombstone the {@link StreamTombstone} event that now stands for the stream: its sequence
 *     number is the stream's version from now on, and the next append gets the number after it
 * @param removedEventIds the ids of the events removed, in sequence order (the cache entries of
 *     these ids were evicted); empty when the stream was already deleted
 * @param snapshotsRemoved how many snapshots were removed
 */
public record StreamDeletion(StreamId stream, RecordedEvent tombstone, List<UUID> removedEventIds, long snapshotsRemoved) {

    /**
     * Copies the list so the record stays immutable.
     *
     * @param stream the deleted stream
     * @param tombstone the tombstone event
     * @param removedEventIds the ids of the events removed
     * @param snapshotsRemoved how many snapshots were removed
     */
    public StreamDeletion {
        removedEventIds = List.copyOf(removedEventIds);
    }

    /** @return how many events were removed */
    public long eventsRemoved() {
        return removedEventIds.size();
    }
}
