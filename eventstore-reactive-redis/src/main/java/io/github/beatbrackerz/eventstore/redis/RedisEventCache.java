package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.spi.EventCache;
import reactor.core.publisher.Mono;

/**
 * An {@link EventCache} on Redis, as {@link RedisEventCaches} builds it. Opens its connections on
 * {@link #connect()} or, failing that, on its first call. A call fails with a retryable
 * {@link io.github.beatbrackerz.eventstore.error.StorageException} when Redis is unreachable or
 * refuses it, which the {@code EventStore} treats as a miss; the store also bounds every call with
 * its own time budget, the only one (see {@link RedisCacheOptions}).
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
     * Opens the cache's connections ahead of its first call, so that this call does not pay the TCP
     * connect and the handshake inside its time budget: for a standalone server or the master a
     * Sentinel names, the command connection and the pipeline connection; for a Cluster, both
     * connections and one to every master. They are the connections every later call uses: the
     * cache opens them once, whichever comes first, this method or a call.
     *
     * <p>Lazy: nothing is opened until subscribed. Completes empty once the connections are open,
     * at once when they already are. Errors with a retryable
     * {@link io.github.beatbrackerz.eventstore.error.StorageException} when they are not open
     * within {@link RedisCacheOptions#connectTimeout()}: Redis refuses, does not answer, or rejects
     * the credentials; after a failed attempt, this method and every call fail at once for a
     * second, then the next one tries again. Cancelling, or the timeout, does not abandon an
     * attempt under way: the connections it opens serve the later calls. Signals on a Lettuce
     * event-loop thread, or on the cache's timer thread for the timeout.
     *
     * @return completes when the connections are open
     */
    @Override
    Mono<Void> connect();

    /**
     * Closes the cache's connections and, if the factory created the Lettuce client, the client.
     * Lazy; completes when closed. Calls made afterwards fail.
     *
     * @return completes when closed
     */
    Mono<Void> close();
}
