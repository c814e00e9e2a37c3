package io.github.beatbrackerz.eventstore.redis.tck;

import io.github.beatbrackerz.eventstore.CacheConsistency;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TCK on PostgreSQL with a standalone Redis cache, in the opt-in {@link CacheConsistency#TRUST_CACHE} mode. */
class PostgresRedisTrustCacheConformanceIntegrationTest extends PostgresRedisConformance {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

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
    PostgresTestDatabase db() {
        return DB;
    }

    @Override
    RedisEventCache newCache(RedisCacheOptions options) {
        return RedisEventCaches.of(client, RedisTestServer.standalone(), options);
    }

    @Override
    CacheConsistency consistency() {
        return CacheConsistency.TRUST_CACHE;
    }
}
