package io.github.beatbrackerz.eventstore.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * A 3-master Redis Cluster on loopback: three {@code redis-server --cluster-enabled yes}
 * {@link RedisProcess processes} (the PATH's {@code redis-server}, else embedded-redis's bundled
 * Redis 6.2) on free ports in temp dirs, joined with {@code CLUSTER MEET} and given a third of the
 * 16384 slots each with {@code CLUSTER ADDSLOTS} (both Redis 3.0). Torn down by {@link #close()} or
 * at JVM exit.
 */
public final class RedisTestCluster implements AutoCloseable {

    private static final int SLOTS = 16384;

    private final List<RedisProcess> nodes;

    private RedisTestCluster(List<RedisProcess> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts the processes and forms the cluster; returns once every node reports {@code cluster_state:ok}.
     *
     * @return the running cluster
     */
    public static RedisTestCluster start() {
        List<RedisProcess> nodes = new ArrayList<>();
        RedisClient client = RedisClient.create();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisProcess.launch("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "5000"));
            }
            List<StatefulRedisConnection<String, String>> connections = nodes.stream()
                    .map(n -> client.connect(n.uri())).toList();
            RedisCommands<String, String> first = connections.get(0).sync();
            for (RedisProcess node : nodes.subList(1, nodes.size())) {
                first.clusterMeet("127.0.0.1", node.port());
            }
            for (int i = 0; i < nodes.size(); i++) {
                int from = i * SLOTS / nodes.size();
                int to = (i + 1) * SLOTS / nodes.size();
                connections.get(i).sync().clusterAddSlots(IntStream.range(from, to).toArray());
            }
            for (StatefulRedisConnection<String, String> connection : connections) {
                Awaitility.await("cluster state ok").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            String info = connection.sync().clusterInfo();
                            return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
                        });
            }
        } catch (RuntimeException e) {
            nodes.forEach(RedisProcess::close);
            throw e;
        } finally {
            client.shutdown();
        }
        return new RedisTestCluster(nodes);
    }

    /** @return one URI per master, to seed a {@code RedisClusterClient} */
    public List<RedisURI> seeds() {
        return nodes.stream().map(RedisProcess::uri).toList();
    }

    /** @return the master processes */
    public List<RedisProcess> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }
}
