package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.model.CacheStats;
import reactor.core.publisher.Mono;

/**
 * Manages the optional cache. Without a cache, every call completes at once and
 * {@link #getCacheStats()} reports it disabled. Cache failures never fail these calls' callers'
 * data: a cache that is down makes warmup a no-op.
 */
public interface CacheAdministration {

    /**
     * Loads an aggregate's events, latest snapshot and counter into the cache.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return completes when loaded
     */
    Mono<Void> warmupCache(String aggregateId, String aggregateType);

    /**
     * Removes everything cached for one aggregate.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return completes when removed
     */
    Mono<Void> clearAggregateCache(String aggregateId, String aggregateType);

    /**
     * Removes everything this store cached, and nothing else.
     *
     * @return completes when removed
     */
    Mono<Void> clearCache();

    /** @return whether a cache is enabled, its type, and what it holds */
    Mono<CacheStats> getCacheStats();
}
