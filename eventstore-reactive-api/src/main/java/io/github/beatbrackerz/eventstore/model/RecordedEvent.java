package io.github.beatbrackerz.eventstore.model;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * An event as stored: immutable, numbered within its stream and placed in the global order.
 *
 * <p>It holds exactly what storage holds and checks nothing: a row that another program wrote
 * (raw SQL, the TypeScript library) may have a blank or overlong type or name, any sequence
 * number or version, or a negative global position, and is read as it is. The one value Java
 * cannot hold, PostgreSQL's {@code infinity} or {@code -infinity} as creation time, reads as
 * {@link Instant#MAX} or {@link Instant#MIN}.
 *
 * @param id the event id
 * @param type the event type
 * @param stream the aggregate stream
 * @param sequenceNumber its number within the stream, starting at 1 with no gap when the library wrote the stream
 * @param version the payload's schema version
 * @param payload the event's data, parsed only when read
 * @param metadata the event's context, with the correlation and causation ids
 * @param createdAt when it was stored
 * @param createdBy who caused it
 * @param position its place in the global, commit-safe order; checkpoint this to resume
 */
public record RecordedEvent(
        UUID id,
        String type,
        StreamId stream,
        long sequenceNumber,
        int version,
        Json payload,
        Json metadata,
        Instant createdAt,
        String createdBy,
        Position position) implements SubscriptionSignal {

    /** @return the aggregate's id */
    public String aggregateId() {
        return stream.aggregateId();
    }

    /** @return the aggregate's type */
    public String aggregateType() {
        return stream.aggregateType();
    }

    /** @return the global position, increasing with every insert */
    public long globalPosition() {
        return position.globalPosition();
    }

    /**
     * The correlation id: the metadata's {@value NewEvent#CORRELATION_ID} member, as PostgreSQL's
     * {@code metadata->>'correlationId'} reads it. The metadata is scanned, not parsed into a
     * tree, and not at all when its text cannot hold the key.
     *
     * @return the correlation id; {@code null} when the metadata has none, or holds JSON {@code null},
     *     an object or an array there (which another program may have written)
     */
    public @Nullable String correlationId() {
        return metadata.member(NewEvent.CORRELATION_ID);
    }

    /**
     * The causation id: the metadata's {@value NewEvent#CAUSATION_ID} member, read as {@link
     * #correlationId()} is.
     *
     * @return the causation id, or {@code null} when the metadata has none
     */
    public @Nullable String causationId() {
        return metadata.member(NewEvent.CAUSATION_ID);
    }

    /**
     * Converts the payload with the default Jackson mapper.
     *
     * @param type the payload class, for example {@code OrderCreated.class}
     * @param <T> the payload type
     * @return the converted payload
     * @throws tools.jackson.core.JacksonException if the payload does not fit the type
     */
    public <T> T payloadAs(Class<T> type) {
        return payload.as(type);
    }

    /**
     * Converts the payload with the given mapper.
     *
     * @param type the payload class
     * @param mapper the mapper to use
     * @param <T> the payload type
     * @return the converted payload
     */
    public <T> T payloadAs(Class<T> type, ObjectMapper mapper) {
        return payload.as(type, mapper);
    }
}
