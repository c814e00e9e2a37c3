package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A filter over stored events. Every criterion is optional; they combine with AND, and
 * {@code types} matches any of its entries. Strings match literally: {@code %} and {@code _} are
 * not wildcards.
 *
 * <p>Results are ordered by sequence number when both aggregate type and id are given, otherwise
 * by global position; {@link #order()} chooses the direction.
 *
 * <p>The names come id first, as in {@link StreamId} and {@link EventFilter}. A query may name an
 * aggregate type without an id, so it holds two optional names rather than a {@code StreamId}.
 *
 * @param aggregateId only this aggregate id
 * @param aggregateType only this aggregate type
 * @param types only these event types (empty: all)
 * @param fromSequence only sequence numbers at or above this
 * @param toSequence only sequence numbers at or below this
 * @param fromTime only events created at or after this instant
 * @param toTime only events created before this instant
 * @param correlationId only events with this correlation id ({@link RecordedEvent#correlationId()})
 * @param limit at most this many events ({@code null}: no limit; results are streamed)
 * @param order ascending or descending
 */
public record EventQuery(
        @Nullable String aggregateId,
        @Nullable String aggregateType,
        Set<String> types,
        @Nullable Long fromSequence,
        @Nullable Long toSequence,
        @Nullable Instant fromTime,
        @Nullable Instant toTime,
        @Nullable String correlationId,
        @Nullable Integer limit,
        SortOrder order) {

    private static final EventQuery ALL = new EventQuery(null, null, Set.of(), null, null, null, null, null, null, SortOrder.ASC);

    /**
     * Validates the criteria. Names follow the read rules of {@link StreamId#lookup}: not blank,
     * an aggregate id of any length, types of at most 255 characters as PostgreSQL counts them.
     *
     * @param aggregateId only this aggregate id
     * @param aggregateType only this aggregate type
     * @param types only these event types (empty: all)
     * @param fromSequence only sequence numbers at or above this
     * @param toSequence only sequence numbers at or below this
     * @param fromTime only events created at or after this instant
     * @param toTime only events created before this instant
     * @param correlationId only events with this correlation id; not blank, storable text, any length
     * @param limit at most this many events ({@code null}: no limit; results are streamed)
     * @param order ascending or descending
     * @throws ValidationException naming the bad field
     */
    public EventQuery {
        if (aggregateId != null) {
            Require.lookupId("aggregateId", aggregateId);
        }
        if (aggregateType != null) {
            Require.lookupName("aggregateType", aggregateType);
        }
        Require.notNull("types", types);
        for (String type : types) {
            Require.lookupName("types", type);
        }
        types = Set.copyOf(types);
        if (fromSequence != null) {
            Require.notNegative("fromSequence", fromSequence);
        }
        if (toSequence != null) {
            Require.notNegative("toSequence", toSequence);
            if (fromSequence != null && toSequence < fromSequence) {
                throw new ValidationException("toSequence", "must not be below fromSequence (" + fromSequence + "), was " + toSequence);
            }
        }
        if (fromTime != null && toTime != null && toTime.isBefore(fromTime)) {
            throw new ValidationException("toTime", "must not be before fromTime");
        }
        if (correlationId != null) {
            Require.lookupId("correlationId", correlationId);
        }
        if (limit != null) {
            Require.positive("limit", limit);
        }
        Require.notNull("order", order);
    }

    /** @return a query for every event, oldest first */
    public static EventQuery all() {
        return ALL;
    }

    /** @return a builder starting from {@link #all()} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A query for one aggregate stream, in sequence order.
     *
     * @param stream the stream
     * @return the query
     */
    public static EventQuery forStream(StreamId stream) {
        return builder().aggregateType(stream.aggregateType()).aggregateId(stream.aggregateId()).build();
    }

    /** @return {@code true} when the query names exactly one stream */
    public boolean isSingleStream() {
        return aggregateType != null && aggregateId != null;
    }

    /** @return a builder holding this query's criteria */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.aggregateType = aggregateType;
        b.aggregateId = aggregateId;
        b.types = new LinkedHashSet<>(types);
        b.fromSequence = fromSequence;
        b.toSequence = toSequence;
        b.fromTime = fromTime;
        b.toTime = toTime;
        b.correlationId = correlationId;
        b.limit = limit;
        b.order = order;
        return b;
    }

    /** Builds an {@link EventQuery}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private @Nullable String aggregateType;
        private @Nullable String aggregateId;
        private Set<String> types = new LinkedHashSet<>();
        private @Nullable Long fromSequence;
        private @Nullable Long toSequence;
        private @Nullable Instant fromTime;
        private @Nullable Instant toTime;
        private @Nullable String correlationId;
        private @Nullable Integer limit;
        private SortOrder order = SortOrder.ASC;

        private Builder() {
        }

        /**
         * @param aggregateType the aggregate type
         * @return this builder
         */
        public Builder aggregateType(@Nullable String aggregateType) {
            this.aggregateType = aggregateType;
            return this;
        }

        /**
         * @param aggregateId the aggregate id
         * @return this builder
         */
        public Builder aggregateId(@Nullable String aggregateId) {
            this.aggregateId = aggregateId;
            return this;
        }

        /**
         * @param type an event type to include (repeatable)
         * @return this builder
         */
        public Builder type(String type) {
            this.types.add(type);
            return this;
        }

        /**
         * @param types the event types to include, replacing earlier ones
         * @return this builder
         */
        public Builder types(Set<String> types) {
            this.types = new LinkedHashSet<>(Require.notNull("types", types));
            return this;
        }

        /**
         * @param fromSequence the lowest sequence number, inclusive
         * @return this builder
         */
        public Builder fromSequence(@Nullable Long fromSequence) {
            this.fromSequence = fromSequence;
            return this;
        }

        /**
         * @param toSequence the highest sequence number, inclusive
         * @return this builder
         */
        public Builder toSequence(@Nullable Long toSequence) {
            this.toSequence = toSequence;
            return this;
        }

        /**
         * @param fromTime the earliest creation time, inclusive
         * @return this builder
         */
        public Builder fromTime(@Nullable Instant fromTime) {
            this.fromTime = fromTime;
            return this;
        }

        /**
         * @param toTime the latest creation time, exclusive
         * @return this builder
         */
        public Builder toTime(@Nullable Instant toTime) {
            this.toTime = toTime;
            return this;
        }

        /**
         * @param correlationId only events with this correlation id ({@link RecordedEvent#correlationId()}), or {@code null} for any
         * @return this builder
         */
        public Builder correlationId(@Nullable String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        /**
         * @param limit the most events to return, or {@code null} for all
         * @return this builder
         */
        public Builder limit(@Nullable Integer limit) {
            this.limit = limit;
            return this;
        }

        /**
         * @param order ascending or descending
         * @return this builder
         */
        public Builder order(SortOrder order) {
            this.order = order;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the query
         * @throws ValidationException naming the bad field
         */
        public EventQuery build() {
            return new EventQuery(aggregateId, aggregateType, types, fromSequence, toSequence, fromTime, toTime, correlationId, limit, order);
        }
    }
}
