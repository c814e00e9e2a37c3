package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.internal.Require;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Selects the events a subscription delivers. Every criterion is optional; they combine with AND,
 * and {@code types} matches any of its entries.
 *
 * <p>The names come id first, as in {@link StreamId} and {@link EventQuery}. A filter may name an
 * aggregate type without an id, so it holds two optional names rather than a {@code StreamId}.
 *
 * @param aggregateId only this aggregate id
 * @param aggregateType only this aggregate type
 * @param types only these event types (empty: all)
 * @param correlationId only events with this correlation id ({@link RecordedEvent#correlationId()})
 */
public record EventFilter(@Nullable String aggregateId, @Nullable String aggregateType, Set<String> types, @Nullable String correlationId) {

    private static final EventFilter ALL = new EventFilter(null, null, Set.of(), null);

    /**
     * Validates the criteria. Names follow the read rules of {@link StreamId#lookup}: not blank,
     * an aggregate id of any length, types of at most 255 characters as PostgreSQL counts them.
     *
     * @param aggregateId only this aggregate id
     * @param aggregateType only this aggregate type
     * @param types only these event types (empty: all)
     * @param correlationId only events with this correlation id; not blank, storable text, any length
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException naming the bad field
     */
    public EventFilter {
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
        if (correlationId != null) {
            Require.lookupId("correlationId", correlationId);
        }
    }

    /** @return a filter that lets every event through */
    public static EventFilter all() {
        return ALL;
    }

    /**
     * @param aggregateType the aggregate type
     * @return a filter on one aggregate type
     */
    public static EventFilter aggregateType(String aggregateType) {
        return new EventFilter(null, aggregateType, Set.of(), null);
    }

    /**
     * @param correlationId the correlation id
     * @return a filter on one correlation id: the events of one conversation or workflow, across streams
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code correlationId}) if blank
     */
    public static EventFilter correlationId(String correlationId) {
        return new EventFilter(null, null, Set.of(), correlationId);
    }

    /**
     * @param stream the stream
     * @return a filter on one aggregate stream
     */
    public static EventFilter forStream(StreamId stream) {
        return new EventFilter(stream.aggregateId(), stream.aggregateType(), Set.of(), null);
    }

    /**
     * @param types the event types
     * @return a copy that also requires one of these event types
     */
    public EventFilter withTypes(String... types) {
        return new EventFilter(aggregateId, aggregateType, Set.of(types), correlationId);
    }

    /**
     * @param correlationId the correlation id
     * @return a copy that also requires this correlation id
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code correlationId}) if blank
     */
    public EventFilter withCorrelationId(String correlationId) {
        return new EventFilter(aggregateId, aggregateType, types, correlationId);
    }

    /**
     * Tests an event. The correlation id is tested last, and its metadata is scanned only when
     * its text may hold the id.
     *
     * @param event the event
     * @return {@code true} if the filter lets it through
     */
    public boolean matches(RecordedEvent event) {
        return (aggregateType == null || aggregateType.equals(event.aggregateType()))
                && (aggregateId == null || aggregateId.equals(event.aggregateId()))
                && (types.isEmpty() || types.contains(event.type()))
                && (correlationId == null || event.metadata().memberEquals(NewEvent.CORRELATION_ID, correlationId));
    }
}
