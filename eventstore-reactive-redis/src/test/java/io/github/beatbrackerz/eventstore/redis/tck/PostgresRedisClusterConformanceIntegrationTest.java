package io.github.beatbrackerz.eventstore.redis.tck;

import io.github.beatbrackerz.eventstore.CacheConsistency;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TCK on PostgreSQL with the cache on a 3-master Redis Cluster, in {@link CacheConsistency#VERIFIED} mode. */
class PostgresRedisClusterConformanceIntegrationTest extends PostgresRedisConformance {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static RedisClusterClient client;

    @BeforeAll
    static void connect() {
        client = RedisClusterClient.create(RedisTestServer.cluster().seeds());
        client.setOptions(RedisEventCaches.clusterClientOptions(RedisCacheOptions.defaults()));
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
        return RedisEventCaches.of(client, options);
    }

    @Override
    CacheConsistency consistency() {
        return CacheConsistency.VERIFIED;
    }
}
