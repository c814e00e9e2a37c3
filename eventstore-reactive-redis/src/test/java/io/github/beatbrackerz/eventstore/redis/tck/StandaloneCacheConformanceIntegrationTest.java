package io.github.beatbrackerz.eventstore.redis.tck;

import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache port's conformance suite on a standalone Redis ({@link RedisTestServer#standalone()}). */
class StandaloneCacheConformanceIntegrationTest extends RedisCacheConformance {

    private static RedisClient client;

    @BeforeAll
    static void connect() {
        client = RedisClient.create();
        client.setOptions(RedisEventCaches.clientOptions(RedisCacheOptions.defaults()));
    }

    @AfterAll
    static void disconnect() {
        client.shutdown();
    }

    @Override
    RedisEventCache newCache(RedisCacheOptions options) {
        return RedisEventCaches.of(client, RedisTestServer.standalone(), options);
    }

    @Override
    RedisEventCache unreachable(RedisCacheOptions options, int port) {
        return RedisEventCaches.standalone("redis://127.0.0.1:" + port, options);
    }
}
