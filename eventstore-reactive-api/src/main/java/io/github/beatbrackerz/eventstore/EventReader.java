package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads stored events. Every result is lazy, streamed with backpressure, and empty when nothing
 * matches; cancelling releases the underlying resources.
 *
 * <p>Reactive contract: nothing is read before subscription, and each subscription reads again.
 * A {@code Flux} is read in keyset pages as demand arrives (of {@code pageSize} rows in the R2DBC
 * adapter), so a large result never sits in memory; elements arrive
 * on the driver's event-loop thread, or a Lettuce I/O thread for what the Redis cache serves: do
 * not block in {@code onNext}, use {@code publishOn(Schedulers.boundedElastic())}. Storage failures
 * arrive as {@link io.github.beatbrackerz.eventstore.error.StorageException}, possibly after some
 * elements were emitted; cache failures never arrive (the read falls back to storage). Cancelling
 * stops the read and returns the connection to the pool; reads change
 * nothing, so a cancelled read leaves nothing behind (a cache fill it started may still complete).
 */
public interface EventReader {

    /**
     * Events matching a query.
     *
     * @param query the criteria, order and limit
     * @return the matching events
     */
    Flux<RecordedEvent> queryEvents(EventQuery query);

    /**
     * All events of one aggregate, in sequence order. Served from the cache when one is configured,
     * never missing an event whose append completed before the call was subscribed.
     *
     * @param stream the aggregate's stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @return the aggregate's events
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream or a name the read rules refuse
     */
    Flux<RecordedEvent> getAggregateEvents(StreamId stream);

    /**
     * The specification's form of {@link #getAggregateEvents(StreamId)}: the same call, the
     * stream named by its two names.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return the aggregate's events
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a name the read rules of {@link StreamId#lookup} refuse
     */
    default Flux<RecordedEvent> getAggregateEvents(String aggregateId, String aggregateType) {
        return getAggregateEvents(StreamId.lookup(aggregateId, aggregateType));
    }

    /**
     * The most recent events of one type, newest first: {@link #queryEvents} with the type, the
     * limit and {@link SortOrder#DESC}.
     *
     * @param type the event type
     * @param limit how many at most, 1 or more
     * @return the events
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code type} or {@code limit}) for a bad argument
     */
    default Flux<RecordedEvent> getEventsByType(String type, int limit) {
        Require.lookupName("type", type);
        Require.positive("limit", limit);
        return queryEvents(EventQuery.builder().type(type).limit(limit).order(SortOrder.DESC).build());
    }

    /**
     * One event by id.
     *
     * @param eventId the event id
     * @return the event, or empty when there is none with this id
     */
    Mono<RecordedEvent> getEvent(UUID eventId);
}
