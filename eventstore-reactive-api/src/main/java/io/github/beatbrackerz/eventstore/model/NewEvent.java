package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event to append. Sequence number, global position and creation time are assigned by the
 * store.
 *
 * <p>The event id makes appends idempotent: appending an event whose id is already stored for the
 * same stream and type completes with the stored event instead of writing a second one. When no
 * id is given, the store assigns one as soon as {@code appendEvent} is called, so re-subscribing
 * to (retrying) the returned {@code Mono} stays idempotent.
 *
 * @param eventId the event's id, or {@code null} to let the store assign one
 * @param type the event type, for example {@code OrderCreated}; not blank, at most 255 characters
 * @param stream the aggregate stream it belongs to; its names must meet the write rules of {@link StreamId#of}
 * @param createdBy who caused it; not blank, at most 255 characters
 * @param payload the event's data
 * @param metadata context such as IP address or correlation id
 * @param version the schema version of the payload, 1 or more
 */
public record NewEvent(
        @Nullable UUID eventId,
        String type,
        StreamId stream,
        String createdBy,
        Json payload,
        Json metadata,
        int version) {

    /**
     * Validates every field.
     *
     * @param eventId the event's id, or {@code null} to let the store assign one
     * @param type the event type, for example {@code OrderCreated}; not blank, at most 255 characters
     * @param stream the aggregate stream it belongs to; its names must meet the write rules of {@link StreamId#of}
     * @param createdBy who caused it; not blank, at most 255 characters
     * @param payload the event's data
     * @param metadata context such as IP address or correlation id
     * @param version the schema version of the payload, 1 or more
     * @throws ValidationException naming the bad field
     */
    public NewEvent {
        Require.notNull("stream", stream).requireWritable();
        Require.name("type", type);
        Require.name("createdBy", createdBy);
        Require.notNull("payload", payload).requireJsonb("payload");
        Require.notNull("metadata", metadata).requireJsonb("metadata");
        Require.positive("version", version);
    }

    /**
     * Starts building an event.
     *
     * @return a builder with an empty payload, empty metadata and version 1
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the aggregate's id */
    public String aggregateId() {
        return stream.aggregateId();
    }

    /** @return the aggregate's type */
    public String aggregateType() {
        return stream.aggregateType();
    }

    /**
     * A copy with the given event id.
     *
     * @param id the event id
     * @return the copy
     */
    public NewEvent withEventId(UUID id) {
        return new NewEvent(id, type, stream, createdBy, payload, metadata, version);
    }

    /** Builds a {@link NewEvent}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private @Nullable UUID eventId;
        private @Nullable String type;
        private @Nullable String aggregateId;
        private @Nullable String aggregateType;
        private @Nullable String createdBy;
        private Json payload = Json.emptyObject();
        private Json metadata = Json.emptyObject();
        private int version = 1;

        private Builder() {
        }

        /**
         * @param eventId the event id, for idempotent appends
         * @return this builder
         */
        public Builder eventId(UUID eventId) {
            this.eventId = eventId;
            return this;
        }

        /**
         * @param type the event type
         * @return this builder
         */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /**
         * @param aggregateId the aggregate's id
         * @return this builder
         */
        public Builder aggregateId(String aggregateId) {
            this.aggregateId = aggregateId;
            return this;
        }

        /**
         * @param aggregateType the aggregate's type
         * @return this builder
         */
        public Builder aggregateType(String aggregateType) {
            this.aggregateType = aggregateType;
            return this;
        }

        /**
         * @param stream the aggregate stream
         * @return this builder
         */
        public Builder stream(StreamId stream) {
            this.aggregateId = stream.aggregateId();
            this.aggregateType = stream.aggregateType();
            return this;
        }

        /**
         * @param createdBy who caused the event
         * @return this builder
         */
        public Builder createdBy(String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        /**
         * Sets the payload from any JSON-serializable value (a record, a map, a {@link Json}).
         *
         * @param payload the payload
         * @return this builder
         * @throws ValidationException (field {@code payload})
         *     if it cannot be serialized
         */
        public Builder payload(Object payload) {
            this.payload = toJson("payload", payload);
            return this;
        }

        /**
         * Sets the payload from JSON text.
         *
         * @param json JSON text
         * @return this builder
         * @throws ValidationException (field {@code payload}) if not JSON
         */
        public Builder payloadJson(String json) {
            this.payload = Json.parse("payload", json);
            return this;
        }

        /**
         * Sets the metadata from any JSON-serializable value.
         *
         * @param metadata the metadata
         * @return this builder
         */
        public Builder metadata(Object metadata) {
            this.metadata = toJson("metadata", metadata);
            return this;
        }

        /**
         * Sets the metadata from JSON text.
         *
         * @param json JSON text
         * @return this builder
         */
        public Builder metadataJson(String json) {
            this.metadata = Json.parse("metadata", json);
            return this;
        }

        /**
         * @param version the payload's schema version, 1 or more
         * @return this builder
         */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the event
         * @throws ValidationException naming the bad field
         */
        public NewEvent build() {
            StreamId stream = new StreamId(aggregateId, aggregateType);
            return new NewEvent(eventId, type, stream, createdBy, payload, metadata, version);
        }

        private static Json toJson(String field, @Nullable Object value) {
            Require.notNull(field, value);
            try {
                return Json.from(value);
            } catch (ValidationException e) {
                throw new ValidationException(
                        field, e.getMessage().substring("json ".length()));
            }
        }
    }
}
