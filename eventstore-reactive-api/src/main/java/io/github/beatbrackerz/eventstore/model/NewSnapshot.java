package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.internal.Require;

/**
 * A snapshot to store: an aggregate's state after applying its events up to a sequence number.
 *
 * @param stream the aggregate stream; its names must meet the read rules of {@link StreamId#lookup}, since
 *     the snapshot belongs to a stored stream
 * @param sequenceNumber the last sequence number folded into the state, 1 or more
 * @param state the state as JSON; PostgreSQL {@code jsonb} must be able to hold it (no {@code \u0000}
 *     escape, no unpaired surrogate), on every store, so a state the in-memory store takes is one
 *     PostgreSQL takes too
 * @param version the state's schema version, 1 or more; replay ignores snapshots of another version
 */
public record NewSnapshot(StreamId stream, long sequenceNumber, Json state, int version) {

    /**
     * Validates every field.
     *
     * @param stream the aggregate stream; its names must meet the read rules of {@link StreamId#lookup}, since
     *     the snapshot belongs to a stored stream
     * @param sequenceNumber the last sequence number folded into the state, 1 or more
     * @param state the state as JSON; PostgreSQL {@code jsonb} must be able to hold it
     * @param version the state's schema version, 1 or more; replay ignores snapshots of another version
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException naming the bad field, here at
     *     construction, for every store: a state {@code jsonb} cannot hold (field {@code state}) used
     *     to be refused only by the PostgreSQL adapter's {@code save}, as an error signal
     */
    public NewSnapshot {
        Require.notNull("stream", stream).requireReadable();
        Require.positive("sequenceNumber", sequenceNumber);
        Require.notNull("state", state).requireJsonb("state");
        Require.positive("version", version);
    }

    /**
     * A version-1 snapshot of any JSON-serializable state.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param sequenceNumber the last sequence number folded into the state
     * @param state the state (a record, a map, a {@link Json})
     * @return the snapshot
     */
    public static NewSnapshot of(String aggregateId, String aggregateType, long sequenceNumber, Object state) {
        return new NewSnapshot(StreamId.lookup(aggregateId, aggregateType), sequenceNumber, Json.from(Require.notNull("state", state)), 1);
    }
}
