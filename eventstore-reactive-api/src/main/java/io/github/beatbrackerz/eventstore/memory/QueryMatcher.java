package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Instant;

/** Evaluates an {@link EventQuery}'s criteria against one event, matching strings literally. */
final class QueryMatcher {

    private QueryMatcher() {
    }

    static boolean matches(EventQuery query, RecordedEvent event) {
        String aggregateType = query.aggregateType();
        String aggregateId = query.aggregateId();
        Long from = query.fromSequence();
        Long to = query.toSequence();
        Instant fromTime = query.fromTime();
        Instant toTime = query.toTime();
        String correlationId = query.correlationId();
        return (aggregateType == null || aggregateType.equals(event.aggregateType()))
                && (aggregateId == null || aggregateId.equals(event.aggregateId()))
                && (query.types().isEmpty() || query.types().contains(event.type()))
                && (from == null || event.sequenceNumber() >= from)
                && (to == null || event.sequenceNumber() <= to)
                && (fromTime == null || !event.createdAt().isBefore(fromTime))
                && (toTime == null || event.createdAt().isBefore(toTime))
                && (correlationId == null || correlationId.equals(event.correlationId()));
    }
}
