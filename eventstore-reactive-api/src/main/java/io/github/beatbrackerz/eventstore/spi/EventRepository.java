package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamArchival;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
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
     * Where the stream starts: 1, unless a truncation, a delete or an archive ({@link
     * #truncateStreamBefore}, {@link #deleteStream}, {@link #archiveStream}) moved its start to a
     * later sequence number; the events before it were removed. Replays use it to refuse a state
     * that would need removed events. Lazy. The default is 1, for storage without those operations.
     *
     * @param stream the stream
     * @return the stream's first sequence number; 1 for a stream never moved or never written
     */
    default Mono<Long> streamStart(StreamId stream) {
        return Mono.just(1L);
    }

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
    /**
     * Hard-deletes a stream in one transaction, serialised with the stream's appends (under the same
     * lock): removes its events and snapshots, moves its counter one past the highest sequence number
     * reserved so far, records that number as the stream's start, and stores there a {@link
     * io.github.beatbrackerz.eventstore.model.StreamTombstone} with id {@code tombstoneId}. A stream
     * whose only stored event is a tombstone at its counter is left as it is (its tombstone is
     * emitted with nothing removed); a stream without events and counter writes nothing. The
     * default errors: storage that cannot delete says so.
     *
     * @param stream the stream
     * @param tombstoneId the id of the tombstone to store
     * @return the deletion once committed; empty for a stream that never held an event; errors with
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException} on I/O failure
     */
    default Mono<StreamDeletion> deleteStream(StreamId stream, UUID tombstoneId) {
        return Mono.error(() -> new EventStoreException(getClass().getSimpleName() + " cannot delete streams"));
    }

    /**
     * Removes a stream's events below a sequence number in one transaction, serialised with the
     * stream's appends, and records the stream's start there (it never moves back). Snapshots are
     * not touched; the caller has checked that one covers the removed events. The default errors.
     *
     * @param stream the stream
     * @param sequenceNumber the first sequence number to keep
     * @return the truncation once committed; errors with a {@link
     *     io.github.beatbrackerz.eventstore.error.ValidationException} on field {@code sequenceNumber}
     *     when no event is stored at or after it, with a {@code StorageException} on I/O failure
     */
    default Mono<StreamTruncation> truncateStreamBefore(StreamId stream, long sequenceNumber) {
        return Mono.error(() -> new EventStoreException(getClass().getSimpleName() + " cannot truncate streams"));
    }

    /**
     * Archives a stream in one transaction, serialised with the stream's appends: moves its events
     * to the archive, moves its counter one past the highest number reserved, records that number as
     * the stream's start and stores there a {@link io.github.beatbrackerz.eventstore.model.StreamArchive}
     * marker with id {@code markerId}; snapshots stay. A stream whose only stored event is an archive
     * marker at its counter is left as it is; a stream without events and counter writes nothing. A
     * {@link #deleteStream} must remove the archived events too. The default errors.
     *
     * @param stream the stream
     * @param markerId the id of the marker to store
     * @return the archival once committed; empty for a stream that never held an event
     */
    default Mono<StreamArchival> archiveStream(StreamId stream, UUID markerId) {
        return Mono.error(() -> new EventStoreException(getClass().getSimpleName() + " cannot archive streams"));
    }

    /**
     * Streams a stream's archived events in sequence order, with backpressure. The default errors.
     *
     * @param stream the stream
     * @return the archived events; empty when none
     */
    default Flux<RecordedEvent> findArchived(StreamId stream) {
        return Flux.error(() -> new EventStoreException(getClass().getSimpleName() + " cannot archive streams"));
    }
}
