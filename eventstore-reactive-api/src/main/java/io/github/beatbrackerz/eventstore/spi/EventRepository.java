package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The port to event storage. Implementations must be thread-safe, and every method lazy: nothing
 * happens before subscription. Failures arrive as {@code onError} signals, never as exceptions
 * thrown from the method.
 *
 * <p>Threads: an implementation may signal on its driver's I/O thread (the R2DBC adapter signals
 * on the PostgreSQL driver's Netty event-loop thread); the service never blocks on it, and
 * implementations must not block either. Cancellation: a read must stop and release its
 * connection; a write cancelled after its statement was sent may still commit, which the service
 * copes with because event ids make a retried append idempotent.
 */
public interface EventRepository {

    /**
     * Atomically reserves the next sequence numbers of each stream in the request and stores the
     * events: all of them or none.
     *
     * <p>Idempotency: if every event id of the request is already stored with the same stream and
     * type, nothing is written and the stored events are emitted. If only some are, or one belongs
     * to another stream or type, the append fails with
     * {@link io.github.beatbrackerz.eventstore.error.DuplicateEventException}. {@link
     * AppendRequest#retriedAs} applies this rule; adapters call it rather than restate it.
     *
     * @param request the events and their concurrency condition
     * @return the stored events in request order, emitted after the write is durable; errors with
     *     {@link io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException} when the
     *     expected version does not match, with
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException} on I/O failure
     */
    Flux<RecordedEvent> append(AppendRequest request);

    /**
     * Streams the events matching a query, honouring backpressure: an implementation holds a
     * bounded number of events in memory however large the result, and cancelling releases its
     * resources at once.
     *
     * @param query the criteria, order and limit
     * @return the matching events; empty when none match
     */
    Flux<RecordedEvent> find(EventQuery query);

    /**
     * Reads what a verified cached read checks the cache against, in one round trip: the stream's
     * last stored event and the store's cache epoch. The default reads the last event with {@link
     * #find} and keeps no epoch.
     *
     * @param stream the stream
     * @return the stream's end; never empty
     */
    default Mono<StreamEnd> streamEnd(StreamId stream) {
        EventQuery last = EventQuery.forStream(stream).toBuilder().order(SortOrder.DESC).limit(1).build();
        return find(last).next().map(event -> new StreamEnd(event, null)).defaultIfEmpty(new StreamEnd(null, null));
    }

    /**
     * Finds one event by id.
     *
     * @param eventId the event id
     * @return the event, or empty when no event has this id
     */
    Mono<RecordedEvent> findById(UUID eventId);

    /**
     * Computes a stream's statistics in storage, without loading its events.
     *
     * @param stream the stream
     * @return the statistics; a stream without events gives zero counts and no first or last event
     */
    Mono<AggregateStats> stats(StreamId stream);

    /**
     * Checks a stream's sequence numbers for gaps, duplicates, a wrong start and a lagging
     * counter, in storage.
     *
     * @param stream the stream
     * @return the result; an empty stream is valid
     */
    Mono<ValidationResult> validate(StreamId stream);
}
