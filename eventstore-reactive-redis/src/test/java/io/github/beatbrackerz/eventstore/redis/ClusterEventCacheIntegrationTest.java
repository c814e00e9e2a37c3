package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.redis.internal.CacheKeys;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache port on a 3-master Redis Cluster on loopback ({@link RedisTestServer#cluster()}). */
class ClusterEventCacheIntegrationTest extends AbstractEventCacheIntegrationTest {

    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @BeforeAll
    static void connect() {
        client = RedisClusterClient.create(RedisTestServer.cluster().seeds());
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Override
    RedisEventCache newCache(RedisCacheOptions options) {
        return RedisEventCaches.cluster(RedisTestServer.cluster().seeds(), options);
    }

    @Override
    RedisClusterCommands<String, String> raw() {
        return connection.sync();
    }

    @Override
    boolean scriptLoadedFor(String key, String sha) {
        // SCRIPT EXISTS on the cluster API asks one default node; the script was loaded where the key's slot lives.
        String owner = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getNodeId();
        return connection.getConnection(owner).sync().scriptExists(sha).get(0);
    }

    @Test
    void streamsSpreadOverEveryMasterAndClearEmptiesEachOne() {
        for (int i = 0; i < 40; i++) {
            StreamId stream = TestEvents.stream("spread-" + i);
            cache.putAggregateEvents(stream, TestEvents.events(stream, 1, 1)).block(WAIT);
        }
        long mastersHoldingKeys = RedisTestServer.cluster().nodes().stream()
                .filter(node -> countOn(node.uri(), prefix) > 0).count();
        assertThat(mastersHoldingKeys).isEqualTo(3);
        cache.clear().block(WAIT);
        RedisTestServer.cluster().nodes().forEach(node -> assertThat(countOn(node.uri(), prefix)).isZero());
        assertThat(SlotHash.getSlot(new CacheKeys(prefix).events(TestEvents.stream("x"))))
                .isEqualTo(SlotHash.getSlot(new CacheKeys(prefix).stats(TestEvents.stream("x"))));
    }

    private static long countOn(RedisURI node, String prefix) {
        RedisClient single = RedisClient.create(node);
        try (var c = single.connect()) {
            return ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(prefix + "*")).stream().count();
        } finally {
            single.shutdown();
        }
    }
}
