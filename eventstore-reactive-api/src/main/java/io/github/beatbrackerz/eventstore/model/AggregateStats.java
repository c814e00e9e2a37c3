package io.github.beatbrackerz.eventstore.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Statistics of one aggregate stream.
 *
 * @param stream the stream
 * @param totalEvents how many events it holds
 * @param firstEvent its first event, or {@code null} when empty
 * @param lastEvent its last event, or {@code null} when empty
 * @param eventTypes how many events of each type, ordered by type name
 */
public record AggregateStats(
        StreamId stream,
        long totalEvents,
        @Nullable RecordedEvent firstEvent,
        @Nullable RecordedEvent lastEvent,
        Map<String, Long> eventTypes) {

    /**
     * Copies the map so the record stays immutable.
     *
     * @param stream the stream
     * @param totalEvents how many events it holds
     * @param firstEvent its first event, or {@code null} when empty
     * @param lastEvent its last event, or {@code null} when empty
     * @param eventTypes how many events of each type, ordered by type name
     */
    public AggregateStats {
        eventTypes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(eventTypes));
    }

    /** @return the last sequence number, 0 when the stream is empty */
    public long lastSequence() {
        return lastEvent == null ? 0 : lastEvent.sequenceNumber();
    }
}
