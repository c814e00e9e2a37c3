package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.spi.EventCache;
import reactor.core.publisher.Mono;

/**
 * An {@link EventCache} on Redis, as {@link RedisEventCaches} builds it. Connects lazily on first
 * use; every call is bounded by the configured timeouts and fails with a retryable
 * {@link io.github.beatbrackerz.eventstore.error.StorageException} when Redis is unreachable or
 * slow, which the {@code EventStore} treats as a miss.
 */
public interface RedisEventCache extends EventCache {

    /** @return the options the cache runs with */
    RedisCacheOptions options();

    /** @return {@link RedisCacheOptions#maxCachedStreamLength()}, the bound the store and the cache share */
    @Override
    default int maxCachedStreamLength() {
        return options().maxCachedStreamLength();
    }

    /**
     * Closes the cache's connections and, if the factory created the Lettuce client, the client.
     * Lazy; completes when closed. Calls made afterwards fail.
     *
     * @return completes when closed
     */
    Mono<Void> close();
}
