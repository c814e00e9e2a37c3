package io.github.beatbrackerz.eventstore.redis.tck;

import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestSentinel;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cache port's conformance suite through Redis Sentinel: a master, a replica and three
 * Sentinels ({@link RedisTestSentinel}), started once for the class; the caches connect to the
 * master the Sentinels name.
 */
class SentinelCacheConformanceIntegrationTest extends RedisCacheConformance {

    private static RedisTestSentinel sentinel;
    private static RedisClient client;

    @BeforeAll
    static void start() {
        sentinel = RedisTestSentinel.start();
        client = RedisClient.create();
        client.setOptions(RedisEventCaches.clientOptions(RedisCacheOptions.defaults()));
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        sentinel.close();
    }

    @Override
    RedisEventCache newCache(RedisCacheOptions options) {
        return RedisEventCaches.of(client, sentinel.uri(), options);
    }

    @Override
    RedisEventCache unreachable(RedisCacheOptions options, int port) {
        return RedisEventCaches.sentinel(RedisURI.Builder.sentinel("127.0.0.1", port, RedisTestSentinel.MASTER_ID).build(), options);
    }
}
