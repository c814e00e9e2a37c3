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
 */
public record EventFilter(@Nullable String aggregateId, @Nullable String aggregateType, Set<String> types) {

    private static final EventFilter ALL = new EventFilter(null, null, Set.of());

    /**
     * Validates the criteria. Names follow the read rules of {@link StreamId#lookup}: not blank,
     * an aggregate id of any length, types of at most 255 characters as PostgreSQL counts them.
     *
     * @param aggregateId only this aggregate id
     * @param aggregateType only this aggregate type
     * @param types only these event types (empty: all)
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
        return new EventFilter(null, aggregateType, Set.of());
    }

    /**
     * @param stream the stream
     * @return a filter on one aggregate stream
     */
    public static EventFilter forStream(StreamId stream) {
        return new EventFilter(stream.aggregateId(), stream.aggregateType(), Set.of());
    }

    /**
     * @param types the event types
     * @return a copy that also requires one of these event types
     */
    public EventFilter withTypes(String... types) {
        return new EventFilter(aggregateId, aggregateType, Set.of(types));
    }

    /**
     * Tests an event.
     *
     * @param event the event
     * @return {@code true} if the filter lets it through
     */
    public boolean matches(RecordedEvent event) {
        return (aggregateType == null || aggregateType.equals(event.aggregateType()))
                && (aggregateId == null || aggregateId.equals(event.aggregateId()))
                && (types.isEmpty() || types.contains(event.type()));
    }
}
