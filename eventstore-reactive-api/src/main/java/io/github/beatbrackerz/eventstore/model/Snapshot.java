package io.github.beatbrackerz.eventstore.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored snapshot.
 *
 * @param id the snapshot's id
 * @param stream the aggregate stream
 * @param sequenceNumber the last sequence number folded into the state
 * @param state the state as JSON, parsed only when read
 * @param version the state's schema version
 * @param createdAt when it was stored
 */
public record Snapshot(UUID id, StreamId stream, long sequenceNumber, Json state, int version, Instant createdAt) {

    /**
     * Converts the state with the default Jackson mapper.
     *
     * @param type the state class
     * @param <T> the state type
     * @return the state
     */
    public <T> T stateAs(Class<T> type) {
        return state.as(type);
    }
}
