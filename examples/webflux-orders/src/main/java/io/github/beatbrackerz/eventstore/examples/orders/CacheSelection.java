package io.github.beatbrackerz.eventstore.examples.orders;

import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/** The store's optional Redis cache: present when a Redis URI is configured. */
public final class CacheSelection {

    private static final Logger LOG = Loggers.getLogger(CacheSelection.class);
    private static final Pattern PASSWORD = Pattern.compile("(://[^@/]*:)[^@]*@");

    private final @Nullable RedisEventCache cache;

    private CacheSelection(@Nullable RedisEventCache cache) {
        this.cache = cache;
    }

    /**
     * Creates the cache when a URI is given (no I/O: it connects on first use), and logs which.
     *
     * @param redisUrl a Redis URI such as {@code redis://127.0.0.1:6379}, or {@code null}/blank for no cache
     * @param keyPrefix the prefix of the cache's keys
     * @return the selection
     */
    public static CacheSelection of(@Nullable String redisUrl, String keyPrefix) {
        if (redisUrl == null || redisUrl.isBlank()) {
            LOG.info("Event store without cache (set EVENTSTORE_REDIS_URL to cache in Redis)");
            return new CacheSelection(null);
        }
        LOG.info("Event store cache on Redis at {}", PASSWORD.matcher(redisUrl).replaceAll("$1***@"));
        return new CacheSelection(RedisEventCaches.standalone(redisUrl.strip(), RedisCacheOptions.builder().keyPrefix(keyPrefix).build()));
    }

    /** @return the cache, or empty when the store runs without one */
    public Optional<RedisEventCache> cache() {
        return Optional.ofNullable(cache);
    }

    /** @return closes the cache's connections; completes at once without a cache */
    public Mono<Void> close() {
        return cache == null ? Mono.empty() : cache.close();
    }
}
