package io.github.beatbrackerz.eventstore.redis.tck;

import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache port's conformance suite on a 3-master Redis Cluster on loopback ({@link RedisTestServer#cluster()}). */
class ClusterCacheConformanceIntegrationTest extends RedisCacheConformance {

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
    RedisEventCache newCache(RedisCacheOptions options) {
        return RedisEventCaches.of(client, options);
    }

    @Override
    RedisEventCache unreachable(RedisCacheOptions options, int port) {
        return RedisEventCaches.cluster("redis://127.0.0.1:" + port, options);
    }
}
