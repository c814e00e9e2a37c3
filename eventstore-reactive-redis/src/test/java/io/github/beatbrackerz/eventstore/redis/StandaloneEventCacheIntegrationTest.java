package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache port on a standalone Redis ({@link RedisTestServer#standalone()}). */
class StandaloneEventCacheIntegrationTest extends AbstractEventCacheIntegrationTest {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(RedisTestServer.standalone());
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Override
    RedisEventCache newCache(RedisCacheOptions options) {
        return RedisEventCaches.standalone(RedisTestServer.standalone(), options);
    }

    @Override
    RedisClusterCommands<String, String> raw() {
        return connection.sync();
    }
}
