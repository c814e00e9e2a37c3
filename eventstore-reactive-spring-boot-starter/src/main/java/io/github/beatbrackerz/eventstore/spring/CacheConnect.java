package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The cache's connect at start-up, for {@link EventStoreLifecycle}: a {@link RedisEventCache} bean,
 * the starter's or the application's, is connected; any other cache has nothing to open. The Redis
 * adapter is optional, so its types are touched only when it is on the class path.
 */
final class CacheConnect {

    private static final Logger LOG = Loggers.getLogger(CacheConnect.class);
    private static final boolean REDIS = ClassUtils.isPresent("io.github.beatbrackerz.eventstore.redis.RedisEventCache",
            CacheConnect.class.getClassLoader());

    private CacheConnect() {
    }

    /**
     * @param cache the application's cache bean, if any
     * @return lazy; completes when the cache is connected (at once when there is nothing to
     *     connect); errors as {@link RedisEventCache#connect()} does
     */
    static Mono<Void> of(@Nullable EventCache cache) {
        return REDIS && cache != null ? Redis.connect(cache) : Mono.empty();
    }

    /** Loaded only when the Redis adapter is present. */
    private static final class Redis {

        private Redis() {
        }

        static Mono<Void> connect(EventCache cache) {
            if (!(cache instanceof RedisEventCache redis)) {
                return Mono.empty();
            }
            return redis.connect().doOnSuccess(done -> LOG.info("Event store cache connected"));
        }
    }
}
