package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.spi.EventCache;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The cache's connect at start-up, for {@link EventStoreLifecycle}: the application's cache bean,
 * the starter's Redis cache or one of its own, decorated or not, opens its connections through
 * {@link EventCache#connect()}; a cache with nothing to open completes at once.
 */
final class CacheConnect {

    private static final Logger LOG = Loggers.getLogger(CacheConnect.class);

    private CacheConnect() {
    }

    /**
     * @param cache the application's cache bean, if any
     * @return lazy; completes when the cache is connected (at once when there is nothing to
     *     connect); errors as {@link EventCache#connect()} does
     */
    static Mono<Void> of(@Nullable EventCache cache) {
        if (cache == null || !cache.enabled()) {
            return Mono.empty();
        }
        return cache.connect().doOnSuccess(done -> LOG.info("Event store cache connected"));
    }
}
