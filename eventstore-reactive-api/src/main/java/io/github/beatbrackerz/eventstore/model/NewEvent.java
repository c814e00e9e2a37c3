package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event to append. Sequence number, global position and creation time are assigned by the
 * store.
 *
 * <p>The event id makes appends idempotent: appending an event whose id is already stored for the
 * same stream and type completes with the stored event instead of writing a second one. When no
 * id is given, the store assigns one as soon as {@code appendEvent} is called, so re-subscribing
 * to (retrying) the returned {@code Mono} stays idempotent.
 *
 * <p><b>Correlation and causation ids</b> live in the metadata, under the keys {@value
 * #CORRELATION_ID} and {@value #CAUSATION_ID}, as in the specification's metadata examples: SQL
 * ({@code metadata->>'correlationId'}) and the TypeScript library see them, and no column is
 * needed. The {@link Builder} sets them ({@link Builder#correlationId}, {@link
 * Builder#causationId}, {@link Builder#causedBy}); {@link #correlationId()} and {@link
 * #causationId()} read them back. Either way they are checked here: when present and not JSON
 * {@code null}, each must be a string of the name rule (not blank, at most 255 characters,
 * storable text). Queries ({@link EventQuery#correlationId()}) and subscriptions ({@link
 * EventFilter#correlationId()}) select by correlation id.
 *
 * @param eventId the event's id, or {@code null} to let the store assign one
 * @param type the event type, for example {@code OrderCreated}; not blank, at most 255 characters
 * @param stream the aggregate stream it belongs to; its names must meet the write rules of {@link StreamId#of}
 * @param createdBy who caused it; not blank, at most 255 characters
 * @param payload the event's data
 * @param metadata context such as IP address, and the correlation and causation ids
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

    /** The metadata key of the correlation id: the id shared by every event of one conversation or workflow. */
    public static final String CORRELATION_ID = "correlationId";

    /** The metadata key of the causation id: the id of the event or command that caused this one. */
    public static final String CAUSATION_ID = "causationId";

    /**
     * Validates every field.
     *
     * @param eventId the event's id, or {@code null} to let the store assign one
     * @param type the event type, for example {@code OrderCreated}; not blank, at most 255 characters
     * @param stream the aggregate stream it belongs to; its names must meet the write rules of {@link StreamId#of}
     * @param createdBy who caused it; not blank, at most 255 characters
     * @param payload the event's data
     * @param metadata context such as IP address, and the correlation and causation ids
     * @param version the schema version of the payload, 1 or more
     * @throws ValidationException naming the bad field
     */
    public NewEvent {
        Require.notNull("stream", stream).requireWritable();
        Require.name("type", type);
        Require.name("createdBy", createdBy);
        Require.notNull("payload", payload).requireJsonb("payload");
        Require.notNull("metadata", metadata).requireJsonb("metadata");
        requireId(metadata, CORRELATION_ID);
        requireId(metadata, CAUSATION_ID);
        Require.positive("version", version);
    }

    /**
     * Starts building an event.
     *
     * @return a builder with an empty payload, empty metadata, no correlation or causation id and version 1
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
     * The correlation id, read from the metadata's {@value #CORRELATION_ID} member.
     *
     * @return the correlation id, or {@code null} when the event has none
     */
    public @Nullable String correlationId() {
        return metadata.member(CORRELATION_ID);
    }

    /**
     * The causation id, read from the metadata's {@value #CAUSATION_ID} member.
     *
     * @return the causation id, or {@code null} when the event has none
     */
    public @Nullable String causationId() {
        return metadata.member(CAUSATION_ID);
    }

    /** Checks an id the metadata holds; metadata that cannot contain the key is not parsed. */
    private static void requireId(Json metadata, String key) {
        if (!metadata.mayContain(key)) {
            return;
        }
        JsonNode value = metadata.node().get(key);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isString()) {
            throw new ValidationException(key, "must be a JSON string in the metadata, was " + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        Require.name(key, value.stringValue());
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
        private @Nullable String correlationId;
        private @Nullable String causationId;

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
         * Sets the correlation id, stored in the metadata under {@value NewEvent#CORRELATION_ID}.
         * Metadata that already holds a different correlation id is refused by {@link #build()}.
         *
         * @param correlationId the id shared by the events of one conversation or workflow; not blank, at most 255 characters
         * @return this builder
         * @throws ValidationException (field {@code correlationId}) if blank, too long or not storable
         */
        public Builder correlationId(String correlationId) {
            this.correlationId = Require.name(CORRELATION_ID, correlationId);
            return this;
        }

        /**
         * Sets the causation id, stored in the metadata under {@value NewEvent#CAUSATION_ID}.
         * Metadata that already holds a different causation id is refused by {@link #build()}.
         *
         * @param causationId the id of the event or command that caused this event; not blank, at most 255 characters
         * @return this builder
         * @throws ValidationException (field {@code causationId}) if blank, too long or not storable
         */
        public Builder causationId(String causationId) {
            this.causationId = Require.name(CAUSATION_ID, causationId);
            return this;
        }

        /**
         * Makes this event a consequence of a stored one: the causation id becomes the cause's
         * event id, the correlation id the cause's correlation id, or the cause's event id when
         * it has none (the cause started the conversation).
         *
         * @param cause the event this one follows from
         * @return this builder
         * @throws ValidationException (field {@code correlationId}) if the cause's correlation id,
         *     which another program may have written, breaks the name rule
         */
        public Builder causedBy(RecordedEvent cause) {
            Require.notNull("cause", cause);
            String causeId = cause.id().toString();
            String correlation = cause.correlationId();
            causationId(causeId);
            return correlationId(correlation == null ? causeId : correlation);
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
            return new NewEvent(eventId, type, stream, createdBy, payload, metadataWithIds(), version);
        }

        /** The metadata with the ids set on this builder; an id the metadata holds differently is a conflict. */
        private Json metadataWithIds() {
            if (correlationId == null && causationId == null) {
                return metadata;
            }
            if (!(metadata.node() instanceof ObjectNode object)) {
                throw new ValidationException("metadata", "must be a JSON object to hold " + CORRELATION_ID + " and " + CAUSATION_ID
                        + ", was " + metadata.node().getNodeType().name().toLowerCase(Locale.ROOT));
            }
            ObjectNode merged = object.deepCopy();
            put(merged, CORRELATION_ID, correlationId);
            put(merged, CAUSATION_ID, causationId);
            return Json.from(merged);
        }

        private static void put(ObjectNode metadata, String key, @Nullable String value) {
            if (value == null) {
                return;
            }
            JsonNode present = metadata.get(key);
            if (present != null && !present.isNull() && !(present.isString() && present.stringValue().equals(value))) {
                throw new ValidationException(key, "conflicts with the metadata's " + key + " " + present
                        + ": set it in one place, the builder or the metadata");
            }
            metadata.put(key, value);
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
