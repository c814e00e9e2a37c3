package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The port to an optional cache. The cache is never authoritative: the service verifies or
 * bounds what it serves, and treats every error, timeout or miss as "not cached". Methods are
 * lazy; a miss completes empty. Implementations may signal on their client's I/O thread (the
 * Lettuce adapter does) and must not block. The service owns the time budgets: it bounds every
 * call with a timeout (its {@code EventStoreOptions}' {@code cacheTimeout} or {@code
 * cacheAdminTimeout}) and cancels it when the time is up, and after a call timed out it leaves the
 * cache alone for a while ({@code cacheBackoffAfterTimeout}). So an implementation sets no time
 * budget of its own beyond a connect timeout and a safety net for commands nobody waits for any
 * more; a write may be cut short and must leave the cache consistent (at worst missing an entry).
 *
 * <p>Because events are immutable and sequence numbers unique, a cached stream is always a
 * contiguous prefix {@code 1..S} of the stream and can only grow: implementations must never
 * replace a longer cached prefix with a shorter one, whatever the order in which fills arrive.
 *
 * <p>Fills are fenced by {@link FillTicket}s: a fill (a write of what a read found in storage or
 * in the cache) opens a ticket before it reads and passes it to its write, and a cache that
 * fences drops the write when the stream was evicted or the cache cleared since the ticket was
 * opened. So a clear cannot be undone by a fill that read the old state before it. The defaults
 * of the ticket methods do not fence (they open {@link FillTicket#UNFENCED} and write as the
 * ticketless methods); a cache shared by several store instances should override them.
 */
public interface EventCache {

    /** The stream length bound of {@link #maxCachedStreamLength()}'s default, in events. */
    int DEFAULT_MAX_CACHED_STREAM_LENGTH = 10_000;

    /**
     * The cache's size bound, in its one home: the longest stream this cache holds. The store
     * never collects a longer stream in memory to fill it (it streams such a stream from storage
     * without caching), and a cache may refuse a longer prefix. Called once, when the store is
     * built.
     *
     * @return 1 or more; {@value #DEFAULT_MAX_CACHED_STREAM_LENGTH} unless the cache says otherwise
     */
    default int maxCachedStreamLength() {
        return DEFAULT_MAX_CACHED_STREAM_LENGTH;
    }

    /**
     * Reads the cached prefix of a stream.
     *
     * @param stream the stream
     * @return the events {@code 1..S} in order, or empty on a miss
     */
    Mono<List<RecordedEvent>> getAggregateEvents(StreamId stream);

    /**
     * Stores a contiguous prefix of a stream, unless a longer prefix is already cached.
     *
     * @param stream the stream
     * @param prefix events {@code 1..S} in order
     * @return completes when stored or rejected as stale
     */
    Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix);

    /**
     * Reads the cached prefix of a stream and opens the ticket of a fill that may extend it, as one
     * step: an eviction or clear after it makes the cache drop that fill. The default opens the
     * ticket with {@link #openFill}, then reads with {@link #getAggregateEvents}.
     *
     * @param stream the stream
     * @return the cached events (empty on a miss) and the ticket; completes empty only when the
     *         cache cannot tell, and then nothing may be filled
     */
    default Mono<CachedPrefix> getAggregateEventsToFill(StreamId stream) {
        return openFill(stream).flatMap(ticket -> getAggregateEvents(stream).defaultIfEmpty(List.of())
                .map(events -> new CachedPrefix(events, ticket)));
    }

    /**
     * Reads what a {@code TRUST_CACHE} read of a stream needs in one call: the cached prefix and
     * the ticket of a fill that may extend it, as {@link #getAggregateEventsToFill} does, and the
     * stream's cached counter ({@link #getSequence}), read beside it in either order (a counter
     * above the prefix only makes the read complete the prefix from storage). A cache that can
     * answer both in one round trip should override this, and a decorator must forward it. Lazy;
     * the default subscribes to both at once and completes empty when the prefix does.
     *
     * @param stream the stream
     * @return the prefix, its ticket and the counter (0 when none is cached); completes empty only
     *         when the cache cannot tell, and then nothing may be filled; errors as either call
     */
    default Mono<SequencedPrefix> getAggregateEventsAndSequenceToFill(StreamId stream) {
        return getSequence(stream).defaultIfEmpty(0L)
                .zipWith(getAggregateEventsToFill(stream), (sequence, prefix) -> new SequencedPrefix(prefix, sequence));
    }

    /**
     * Opens the ticket of a fill of one stream, to call before reading what the fill will write.
     * The default returns {@link FillTicket#UNFENCED}.
     *
     * @param stream the stream
     * @return the ticket
     */
    default Mono<FillTicket> openFill(StreamId stream) {
        return Mono.just(FillTicket.UNFENCED);
    }

    /**
     * Stores a contiguous prefix of a stream as {@link #putAggregateEvents(StreamId, List)} does,
     * unless the stream was evicted or the cache cleared since the ticket was opened. The default
     * ignores the ticket.
     *
     * @param stream the stream
     * @param prefix events {@code 1..S} in order
     * @param ticket the fill's ticket
     * @return completes when stored or rejected
     */
    default Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix, FillTicket ticket) {
        return putAggregateEvents(stream, prefix);
    }

    /**
     * Caches a snapshot as {@link #putLatestSnapshot(Snapshot)} does, unless its stream was evicted
     * or the cache cleared since the ticket was opened. The default ignores the ticket.
     *
     * @param snapshot the snapshot
     * @param ticket the fill's ticket
     * @return completes when stored or rejected
     */
    default Mono<Void> putLatestSnapshot(Snapshot snapshot, FillTicket ticket) {
        return putLatestSnapshot(snapshot);
    }

    /**
     * Caches statistics as {@link #putStats(AggregateStats)} does, unless their stream was evicted
     * or the cache cleared since the ticket was opened. The default ignores the ticket.
     *
     * @param stats statistics to cache
     * @param ticket the fill's ticket
     * @return completes when stored or rejected
     */
    default Mono<Void> putStats(AggregateStats stats, FillTicket ticket) {
        return putStats(stats);
    }

    /**
     * Caches a sequence counter as {@link #putSequence(StreamId, long)} does, unless the stream was
     * evicted or the cache cleared since the ticket was opened. The default ignores the ticket.
     *
     * @param stream the stream
     * @param sequence the counter
     * @param ticket the fill's ticket
     * @return completes when stored or rejected
     */
    default Mono<Void> putSequence(StreamId stream, long sequence, FillTicket ticket) {
        return putSequence(stream, sequence);
    }

    /**
     * Extends a cached prefix with newly appended events when they follow it directly; otherwise
     * leaves the cache as it is.
     *
     * @param stream the stream
     * @param appended the appended events, in sequence order
     * @return completes when done
     */
    Mono<Void> appendAggregateEvents(StreamId stream, List<RecordedEvent> appended);

    /**
     * @param eventId the event id
     * @return the cached event, or empty on a miss
     */
    Mono<RecordedEvent> getEvent(UUID eventId);

    /**
     * Caches events by id. Events are immutable, so an id already cached is left as it is. An id
     * evicted by {@link #evictEvents} is not written again (see there), so a read or an append
     * that fetched the event before its stream was deleted cannot bring it back.
     *
     * @param events events to cache by id
     * @return completes when stored (or refused)
     */
    Mono<Void> putEvents(List<RecordedEvent> events);

    /**
     * @param stream the stream
     * @return the cached latest snapshot, or empty on a miss
     */
    Mono<Snapshot> getLatestSnapshot(StreamId stream);

    /**
     * Caches a snapshot as the latest, unless one with a higher sequence number is cached.
     *
     * @param snapshot the snapshot
     * @return completes when stored or rejected
     */
    Mono<Void> putLatestSnapshot(Snapshot snapshot);

    /**
     * @param stream the stream
     * @return the cached sequence counter, or empty on a miss
     */
    Mono<Long> getSequence(StreamId stream);

    /**
     * Caches a sequence counter, unless a higher one is cached.
     *
     * @param stream the stream
     * @param sequence the counter
     * @return completes when stored or rejected
     */
    Mono<Void> putSequence(StreamId stream, long sequence);

    /**
     * @param stream the stream
     * @return the cached statistics, or empty on a miss
     */
    Mono<AggregateStats> getStats(StreamId stream);

    /**
     * @param stats statistics to cache
     * @return completes when stored
     */
    Mono<Void> putStats(AggregateStats stats);

    /**
     * Writes a warm-up batch: for each fill, its prefix as {@link #putAggregateEvents(StreamId,
     * List, FillTicket)}, its snapshot as {@link #putLatestSnapshot(Snapshot, FillTicket)} and its
     * counter as {@link #putSequence(StreamId, long, FillTicket)}, with the same monotonic rules and
     * under the fill's {@linkplain CacheFill#ticket() ticket}: nothing of a fill whose stream was
     * evicted, or whose cache was cleared, after its ticket was opened is written. The default issues
     * those writes one by one, all at once; an adapter that can batch (a Redis pipeline, say) should
     * send the whole list in one round trip.
     *
     * @param fills what to write, in any order
     * @return completes when every write is done; errors with the first failure (some writes may be done)
     */
    default Mono<Void> putFills(List<CacheFill> fills) {
        return Flux.fromIterable(fills).flatMap(fill -> Mono.when(
                fill.prefix().isEmpty() ? Mono.empty() : putAggregateEvents(fill.stream(), fill.prefix(), fill.ticket()),
                fill.snapshot() == null ? Mono.empty() : putLatestSnapshot(fill.snapshot(), fill.ticket()),
                fill.sequence() == 0 ? Mono.empty() : putSequence(fill.stream(), fill.sequence(), fill.ticket()))).then();
    }

    /**
     * Removes everything cached for one stream: events list, snapshot, sequence and stats. A fill of
     * the stream whose ticket was opened before this completes must not write afterwards.
     *
     * @param stream the stream
     * @return completes when removed
     */
    Mono<Void> evictAggregate(StreamId stream);

    /**
     * Removes the entries of single events read by id ({@link #putEvents}), for events that storage
     * no longer holds (a deleted or truncated stream). A cache that fences fills must also fence
     * these ids: a {@link #putEvents} of one of them that arrives after this completes writes
     * nothing, for at least as long as an entry written then would have lived (Redis keeps a
     * tombstone under the event's key for the events' TTL, at least a minute), until the next
     * {@link #clear()}. Without that, a read or an append that fetched the event just before the
     * delete could cache it again afterwards, for the whole TTL. The default clears the whole cache,
     * which is correct but costly and does not fence: a cache that can remove single events should
     * override it, and a decorator must forward it.
     *
     * @param eventIds the ids of the removed events
     * @return completes when removed
     */
    default Mono<Void> evictEvents(Collection<UUID> eventIds) {
        return eventIds.isEmpty() ? Mono.empty() : clear();
    }

    /**
     * Removes everything this cache wrote, and nothing else. A fill whose ticket was opened before
     * this completes must not write afterwards.
     *
     * @return completes when removed
     */
    Mono<Void> clear();

    /**
     * Reads the store epoch this cache's entries were written under (see {@link #changeEpoch}).
     * The default records none and completes empty.
     *
     * @return the recorded epoch, or empty when none is recorded
     */
    default Mono<String> epoch() {
        return Mono.empty();
    }

    /**
     * Records the store epoch when the cache records none yet (a fresh cache, or one written
     * before epochs existed), without clearing anything: a verified read's own checks cover what
     * it serves of such a cache. The default records nothing and answers {@code true}: such a cache
     * is not tied to the store epoch.
     *
     * @param epoch the store's epoch
     * @return {@code true} when the cache now records this epoch, {@code false} when it records
     *     another one (then {@link #changeEpoch} moves it)
     */
    default Mono<Boolean> recordEpoch(String epoch) {
        return Mono.just(Boolean.TRUE);
    }

    /**
     * Moves the cache to another store epoch: removes everything it holds, as {@link #clear()} does
     * (fills whose tickets were opened before must not write afterwards), then records the epoch
     * for {@link #epoch()}. A store calls it when storage names an epoch that the cache does not
     * record, after an operator rotated the epoch (after a restore, say). The default records
     * nothing and does nothing: such a cache is not tied to the store epoch.
     *
     * @param epoch the store's epoch
     * @return completes when the cache is cleared and the epoch recorded
     */
    default Mono<Void> changeEpoch(String epoch) {
        return Mono.empty();
    }

    /** @return what the cache holds */
    Mono<CacheStats> stats();

    /**
     * Opens the cache's connections, if it has any, so that calls do not wait for them. The store
     * calls it before each call until it has completed once: the wait for it counts against that
     * call's budget, but a call that runs out of time while the cache was still connecting does
     * not make the store back off (a slow first connect is not a slow cache). An implementation
     * must share one connect among concurrent callers and bound it itself.
     *
     * <p>Lazy. Completes empty once connected, at once when already connected; errors when the
     * cache cannot be reached. The default completes at once: the cache needs no connection.
     *
     * @return completes when the cache is ready to answer calls
     */
    default Mono<Void> connect() {
        return Mono.empty();
    }

    /** @return {@code false} for a cache that stores nothing, such as {@code NoOpCache} */
    default boolean enabled() {
        return true;
    }

    /**
     * The clock on which the store times this cache's calls: each call's time budget is a
     * {@code timeout} on this scheduler, which must run a delayed task at or shortly after its
     * delay; only its delayed {@code schedule} and its {@code now} (which times the back-off
     * after a timeout) are used. A cache whose client has a cheaper timer
     * should return it, and a decorator must forward it. Asked for at each call, so that tests on
     * virtual time see the default replaced.
     *
     * @return the scheduler; the default is {@link Schedulers#parallel()}
     */
    default Scheduler timeoutScheduler() {
        return Schedulers.parallel();
    }
}
