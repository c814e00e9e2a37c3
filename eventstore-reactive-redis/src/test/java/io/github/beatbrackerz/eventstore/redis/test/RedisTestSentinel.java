package io.github.beatbrackerz.eventstore.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A Sentinel deployment on loopback: a master, a replica ({@code --replicaof}) and three
 * Sentinels (quorum 2) watching them under the name {@value #MASTER_ID}, all {@link RedisProcess}
 * child processes on free ports (the PATH's {@code redis-server}, else embedded-redis's bundled
 * Redis 6.2, which runs Sentinel mode too). Sentinels declare a master down after one second, so a
 * failover completes within a few seconds. Torn down by {@link #close()} or at JVM exit.
 */
public final class RedisTestSentinel implements AutoCloseable {

    /** The master id the Sentinels monitor. */
    public static final String MASTER_ID = "es-master";

    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final List<RedisProcess> servers;
    private final List<RedisProcess> sentinels;

    private RedisTestSentinel(List<RedisProcess> servers, List<RedisProcess> sentinels) {
        this.servers = servers;
        this.sentinels = sentinels;
    }

    /**
     * Starts the master, the replica and the Sentinels; returns once the replica is in sync and every
     * Sentinel knows the replica and the other Sentinels.
     *
     * @return the running deployment
     */
    public static RedisTestSentinel start() {
        List<RedisProcess> servers = new ArrayList<>();
        List<RedisProcess> sentinels = new ArrayList<>();
        try {
            RedisProcess master = RedisProcess.launch();
            servers.add(master);
            servers.add(RedisProcess.launch("--replicaof", "127.0.0.1", Integer.toString(master.port())));
            for (int i = 0; i < 3; i++) {
                sentinels.add(RedisProcess.launchSentinel(
                        "sentinel monitor " + MASTER_ID + " 127.0.0.1 " + master.port() + " 2",
                        "sentinel down-after-milliseconds " + MASTER_ID + " 1000",
                        "sentinel failover-timeout " + MASTER_ID + " 5000",
                        "sentinel parallel-syncs " + MASTER_ID + " 1"));
            }
            RedisTestSentinel deployment = new RedisTestSentinel(servers, sentinels);
            deployment.awaitSentinelsSee(master.port(), 1);
            return deployment;
        } catch (RuntimeException e) {
            sentinels.forEach(RedisProcess::close);
            servers.forEach(RedisProcess::close);
            throw e;
        }
    }

    /** @return a URI naming every Sentinel and the master id, for {@code RedisEventCaches.sentinel} */
    public RedisURI uri() {
        RedisURI.Builder builder = RedisURI.Builder.sentinel("127.0.0.1", sentinels.get(0).port(), MASTER_ID);
        sentinels.subList(1, sentinels.size()).forEach(sentinel -> builder.withSentinel("127.0.0.1", sentinel.port()));
        return builder.build();
    }

    /** @return the port of the server the Sentinels name as master right now */
    public int masterPort() {
        RedisClient client = RedisClient.create();
        try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel(sentinels.get(0).uri())) {
            sentinel.setTimeout(Duration.ofSeconds(2));
            SocketAddress address = sentinel.sync().getMasterAddrByName(MASTER_ID);
            return ((InetSocketAddress) address).getPort();
        } finally {
            client.shutdown();
        }
    }

    /** @return the server process that is master right now */
    public RedisProcess master() {
        int port = masterPort();
        return servers.stream().filter(server -> server.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no server on the master port " + port));
    }

    /**
     * Kills the current master (SIGKILL) and waits until the Sentinels have promoted the replica.
     *
     * @return the killed server, stopped; {@link RedisProcess#start()} brings it back, and the
     *     Sentinels then turn it into a replica of the new master
     */
    public RedisProcess killMasterAndAwaitFailover() {
        RedisProcess old = master();
        old.stop();
        Awaitility.await("the Sentinels promote the replica").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> masterPort() != old.port());
        return old;
    }

    private void awaitSentinelsSee(int masterPort, int replicas) {
        RedisClient client = RedisClient.create();
        try {
            for (RedisProcess sentinel : sentinels) {
                StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel(sentinel.uri());
                var commands = connection.sync();
                Awaitility.await("sentinel on " + sentinel.port() + " sees the replica and the other sentinels").atMost(SETTLE)
                        .pollInterval(Duration.ofMillis(100)).until(() -> {
                            var master = commands.master(MASTER_ID);
                            return String.valueOf(masterPort).equals(master.get("port"))
                                    && Integer.parseInt(master.getOrDefault("num-slaves", "0")) >= replicas
                                    && Integer.parseInt(master.getOrDefault("num-other-sentinels", "0")) >= sentinels.size() - 1;
                        });
                connection.close();
            }
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        servers.forEach(RedisProcess::close);
    }
}
