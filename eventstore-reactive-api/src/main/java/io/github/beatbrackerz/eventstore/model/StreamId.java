package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.internal.Require;

/**
 * Identifies one aggregate's event stream: the aggregate id within its aggregate type.
 * The argument order follows the specification's calls, {@code (aggregateId, aggregateType)}.
 *
 * @param aggregateId the aggregate's id; not blank, at most 255 characters
 * @param aggregateType the aggregate's type; not blank, at most 255 characters
 */
public record StreamId(String aggregateId, String aggregateType) {

    /**
     * Validates both parts.
     *
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException naming the bad field
     */
    public StreamId {
        Require.name("aggregateId", aggregateId);
        Require.name("aggregateType", aggregateType);
    }

    /**
     * Creates a stream id.
     *
     * @param aggregateId the aggregate's id
     * @param aggregateType the aggregate's type
     * @return the stream id
     */
    public static StreamId of(String aggregateId, String aggregateType) {
        return new StreamId(aggregateId, aggregateType);
    }

    @Override
    public String toString() {
        return aggregateType + "/" + aggregateId;
    }
}
