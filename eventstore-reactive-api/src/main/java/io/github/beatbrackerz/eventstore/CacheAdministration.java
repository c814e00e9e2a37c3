package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Manages the optional cache. Without a cache, every call completes at once and
 * {@link #getCacheStats()} reports it disabled. Cache failures never fail these calls' callers'
 * data: a cache that is down makes warmup a no-op.
 *
 * <p>Reactive contract: every method is lazy; each call to the cache is bounded by {@code
 * EventStoreOptions.cacheAdminTimeout()}, and a cache that fails or times out makes the call
 * complete (logged) rather than error; {@link #getCacheStats()} then reports the cache as
 * unavailable. Clears, statistics and warm-up batches are sent even while the store backs off
 * the cache after a timeout ({@code EventStoreOptions.cacheBackoffAfterTimeout()}); a warm-up's
 * per-stream tickets are not (see {@link #warmupCache(Collection)}). Signals arrive on a Lettuce I/O thread
 * with the Redis cache, on the cache's timer thread after a timeout, on the driver's
 * thread for the storage reads of a warm-up. Cancelling a warm-up stops it after the batches
 * already sent, which stay cached; a cancelled clear may have removed some keys already.
 */
public interface CacheAdministration {

    /**
     * Loads an aggregate's events, latest snapshot and counter into the cache: the one-aggregate
     * case of {@link #warmupCache(Collection)}.
     *
     * @param stream the aggregate's stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @return lazy; completes when loaded, or when the cache could not take it
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream or a name the read rules refuse
     */
    default Mono<Void> warmupCache(StreamId stream) {
        Require.notNull("stream", stream);
        return warmupCache(List.of(StreamId.lookup(stream.aggregateId(), stream.aggregateType())));
    }

    /**
     * The specification's form of {@link #warmupCache(StreamId)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return lazy; completes when loaded, or when the cache could not take it
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null, blank or over-long id or type
     */
    default Mono<Void> warmupCache(String aggregateId, String aggregateType) {
        return warmupCache(StreamId.lookup(aggregateId, aggregateType));
    }

    /**
     * Loads many aggregates' events, latest snapshots and counters into the cache, for example at
     * start-up. Storage is read {@code EventStoreOptions.warmupConcurrency()} streams at a time, and
     * what was read goes to the cache in batches of {@code warmupBatchSize()} streams, each batch one
     * round trip where the adapter pipelines ({@link io.github.beatbrackerz.eventstore.spi.EventCache#putFills}).
     * Each batch gets the {@code cacheAdminTimeout()} budget. A batch the cache fails or times out
     * on is skipped (logged, its streams stay uncached and are read from storage) and the warm-up
     * goes on; streams longer than the cacheable bound get their snapshot and counter cached but
     * not their events. A stream listed twice is warmed once; an unknown stream writes nothing.
     * Each stream's fill ticket is opened before its storage read, so a {@code clearCache} or an
     * eviction that completes while the warm-up runs is not undone by it (the stream is then left
     * uncached); a stream whose ticket the cache cannot open within {@code cacheAdminTimeout()}, or
     * while the store backs off the cache after a timeout, is skipped.
     *
     * @param streams the streams to warm
     * @return lazy; completes when every batch was written or skipped; errors with a
     *     {@code StorageException} if storage cannot be read (batches already written stay cached)
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException if {@code streams} or one of its elements is null
     */
    Mono<Void> warmupCache(Collection<StreamId> streams);

    /**
     * Removes everything cached for one aggregate.
     *
     * @param stream the aggregate's stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @return completes when removed
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream or a name the read rules refuse
     */
    Mono<Void> clearAggregateCache(StreamId stream);

    /**
     * The specification's form of {@link #clearAggregateCache(StreamId)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return completes when removed
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a name the read rules of {@link StreamId#lookup} refuse
     */
    default Mono<Void> clearAggregateCache(String aggregateId, String aggregateType) {
        return clearAggregateCache(StreamId.lookup(aggregateId, aggregateType));
    }

    /**
     * Removes everything this store cached, and nothing else.
     *
     * @return completes when removed
     */
    Mono<Void> clearCache();

    /** @return whether a cache is enabled, its type, and what it holds */
    Mono<CacheStats> getCacheStats();
}
