package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamArchival;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Removes history from the hot stream: the hard delete of a stream (for erasure requests), the
 * truncation of a stream before a snapshot, and the archive of a stream, whose events stay readable
 * on request. See the README, "Stream lifecycle", for what each does to cached
 * entries, statistics, validation, positions and checkpoints.
 *
 * <p>Reactive contract: every method is lazy (nothing is read or written before subscription) and
 * emits one result. Arguments are checked at call time ({@link
 * io.github.beatbrackerz.eventstore.error.ValidationException} naming the field); everything else
 * arrives as an error signal: a {@code ValidationException} when the stream's data refuses the
 * operation, a {@link io.github.beatbrackerz.eventstore.error.StorageException} when storage fails.
 * Each operation is one storage transaction, serialised with the stream's appends; after it
 * committed, the stream's cache entries and the removed events' cache entries are evicted with the
 * fence of {@link CacheAdministration#clearAggregateCache(StreamId)} (a cache fill that read the
 * old state is dropped), and then the result is emitted, on the driver's event-loop thread (a
 * Lettuce I/O thread after a Redis eviction; {@code Schedulers.parallel()} when it timed out).
 * Cancelled after the transaction was sent, the operation may still commit, and then skips the
 * eviction: clear the stream's cache then ({@link CacheAdministration#clearAggregateCache}).
 * Re-subscribing repeats the operation, which is idempotent.
 */
public interface StreamLifecycle {

    /**
     * Hard-deletes a stream: in one transaction, all its events and snapshots are removed and a
     * {@link io.github.beatbrackerz.eventstore.model.StreamTombstone} is appended in their place as
     * the stream's next event. Its sequence counter is kept: the stream's version becomes the
     * tombstone's sequence number, and an append after the delete re-creates the stream and
     * continues the numbering after the tombstone, so no sequence number and no cache entry is ever
     * reused. {@code ExpectedVersion.noStream()} fails on a deleted stream; {@code exactly(v)}
     * succeeds with {@code v} the tombstone's number. The tombstone reaches live, catch-up and
     * durable subscribers in position order like any event; the removed events are no longer
     * read by anyone, checkpoints past them stay valid.
     *
     * <p>Made for erasure, a delete is not reported done while the cache may keep a copy: the
     * removed events' entries by id are fenced (a read or an append that fetched one of them just
     * before the delete cannot cache it again), and when the cache does not confirm the eviction
     * (it fails, or does not answer within {@code cacheAdminTimeout}) the delete errors with a
     * {@link io.github.beatbrackerz.eventstore.error.CachePurgeFailedException} that carries the
     * committed deletion. Archives and truncations, which remove nothing that must be erased,
     * complete in that case and leave the entries to their TTL and to verified reads.
     *
     * @param stream the stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @return lazy; emits the deletion once committed and evicted from the cache; completes empty
     *     when the stream never held an event (nothing is written); a stream that is already deleted
     *     (its only event is its tombstone) is left as it is and emits that tombstone with nothing removed;
     *     errors with a {@code CachePurgeFailedException} when committed but not confirmed evicted
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream or a name the read rules refuse
     */
    Mono<StreamDeletion> deleteStream(StreamId stream);

    /**
     * The specification-style form of {@link #deleteStream(StreamId)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return as {@link #deleteStream(StreamId)}
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a name the read rules of {@link StreamId#lookup} refuse
     */
    default Mono<StreamDeletion> deleteStream(String aggregateId, String aggregateType) {
        return deleteStream(StreamId.lookup(aggregateId, aggregateType));
    }

    /**
     * Removes a stream's events numbered below {@code sequenceNumber}, which a snapshot makes
     * unnecessary: the stream must have a snapshot at {@code sequenceNumber - 1} or later, so that
     * {@code replayEvents} still folds the full state, and an event at {@code sequenceNumber} or
     * later, so that it keeps its version. The stream then starts at {@code sequenceNumber}:
     * validation reports no gap before it, statistics count the kept events only. Snapshots are
     * kept. A state that would need the removed events and that no snapshot restores is refused
     * ({@code getStateAtSequence}, {@code replayEvents}), never folded incompletely. Subscribers are
     * not told: no event is written.
     *
     * @param stream the stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @param sequenceNumber the first sequence number to keep, 1 or more
     * @return lazy; emits the truncation once committed and evicted from the cache (nothing removed
     *     when the stream already starts there or later); errors with a {@code ValidationException}
     *     on field {@code sequenceNumber} when no snapshot covers the removed events or no event lies
     *     at or after it
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream, a name
     *     the read rules refuse, or a sequence number below 1
     */
    Mono<StreamTruncation> truncateStreamBefore(StreamId stream, long sequenceNumber);

    /**
     * The specification-style form of {@link #truncateStreamBefore(StreamId, long)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param sequenceNumber the first sequence number to keep, 1 or more
     * @return as {@link #truncateStreamBefore(StreamId, long)}
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a name the read rules of
     *     {@link StreamId#lookup} refuse, or a sequence number below 1
     */
    default Mono<StreamTruncation> truncateStreamBefore(String aggregateId, String aggregateType, long sequenceNumber) {
        return truncateStreamBefore(StreamId.lookup(aggregateId, aggregateType), sequenceNumber);
    }

    /**
     * Archives a stream: in one transaction its events move out of the hot table into the archive
     * (PostgreSQL: {@code events_archive}) and a {@link io.github.beatbrackerz.eventstore.model.StreamArchive}
     * marker is appended in their place as the stream's next event. As after a delete, the numbering
     * continues after the marker, the stream starts there for validation and statistics, and
     * subscribers receive the marker in position order. Snapshots stay where they are, so {@code
     * replayEvents} still folds the archived history from the latest snapshot; without one it folds
     * only the marker and what follows. Archived events are not found by queries, {@code getEvent}
     * or subscriptions; {@link #readArchivedEvents(StreamId)} reads them. A {@link
     * #deleteStream(StreamId)} removes them too.
     *
     * @param stream the stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @return lazy; emits the archival once committed and evicted from the cache; completes empty when
     *     the stream never held an event; a stream whose only event is its archive marker is left as it is
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream or a name the read rules refuse
     */
    Mono<StreamArchival> archiveStream(StreamId stream);

    /**
     * The specification-style form of {@link #archiveStream(StreamId)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return as {@link #archiveStream(StreamId)}
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a name the read rules of {@link StreamId#lookup} refuse
     */
    default Mono<StreamArchival> archiveStream(String aggregateId, String aggregateType) {
        return archiveStream(StreamId.lookup(aggregateId, aggregateType));
    }

    /**
     * Reads a stream's archived events, on request: never from the cache, streamed with
     * backpressure in sequence order, as they were stored (ids, numbers and positions kept).
     *
     * @param stream the stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @return lazy; the archived events, empty when none; errors with a {@code StorageException}
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream or a name the read rules refuse
     */
    Flux<RecordedEvent> readArchivedEvents(StreamId stream);

    /**
     * The specification-style form of {@link #readArchivedEvents(StreamId)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return as {@link #readArchivedEvents(StreamId)}
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a name the read rules of {@link StreamId#lookup} refuse
     */
    default Flux<RecordedEvent> readArchivedEvents(String aggregateId, String aggregateType) {
        return readArchivedEvents(StreamId.lookup(aggregateId, aggregateType));
    }
}
