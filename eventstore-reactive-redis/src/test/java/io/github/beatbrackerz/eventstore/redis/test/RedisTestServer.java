package io.github.beatbrackerz.eventstore.redis.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The one place that decides where the tests' Redis comes from, in this order:
 * <ol>
 *   <li>{@code EVENTSTORE_TEST_REDIS_URL} (e.g. {@code redis://127.0.0.1:6379}) when set;</li>
 *   <li>a Testcontainers {@code redis:7-alpine} container when Docker is available;</li>
 *   <li>a private {@link RedisProcess} otherwise: the {@code redis-server} on the PATH, or the
 *   Redis 6.2 binary bundled in embedded-redis when there is none.</li>
 * </ol>
 * The server is started once per JVM and shared: each test class isolates itself with its own key
 * prefix from {@link #uniquePrefix(Class)}. {@link #cluster()} gives a shared 3-master loopback
 * Cluster of {@link RedisProcess} nodes, whichever of the three the standalone server came from.
 * So a JDK is all the tests need; they fail loudly, never skip, when no {@code redis-server} runs
 * (see {@link RedisProcess} for the binary's choice and its override).
 */
public final class RedisTestServer {

    /** The environment variable naming an existing Redis. */
    public static final String URL_VARIABLE = "EVENTSTORE_TEST_REDIS_URL";

    private static final Logger LOG = Loggers.getLogger(RedisTestServer.class);

    private static @Nullable RedisURI standalone;
    private static @Nullable RedisTestCluster cluster;

    private RedisTestServer() {
    }

    /** @return the shared standalone Redis, started on first call */
    public static synchronized RedisURI standalone() {
        RedisURI uri = standalone;
        if (uri == null) {
            uri = locate();
            standalone = uri;
        }
        return uri;
    }

    /** @return the shared 3-master Cluster, started on first call */
    public static synchronized RedisTestCluster cluster() {
        RedisTestCluster running = cluster;
        if (running == null) {
            running = RedisTestCluster.start();
            cluster = running;
            Runtime.getRuntime().addShutdownHook(new Thread(running::close));
        }
        return running;
    }

    /**
     * @param testClass the test class
     * @return a key prefix no other test class or run uses, e.g. {@code es-test:myclass:1a2b3c4d:}
     */
    public static String uniquePrefix(Class<?> testClass) {
        return "es-test:" + testClass.getSimpleName().toLowerCase(Locale.ROOT) + ":"
                + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /**
     * Counts a client's connections on a server, by the client name ({@code CLIENT SETNAME}, or
     * {@link RedisURI.Builder#withClientName}) the test gave it and no other test uses. Opens and
     * closes a connection of its own, which has no name. Blocks.
     *
     * @param server the server to ask, for example {@link #standalone()} or a Cluster node
     * @param clientName the name to count
     * @return how many of the server's connections carry that name
     */
    public static long connectionsNamed(RedisURI server, String clientName) {
        RedisClient client = RedisClient.create(server);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().clientList().lines().filter(line -> line.contains(" name=" + clientName + " ")).count();
        } finally {
            client.shutdown();
        }
    }

    private static RedisURI locate() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            LOG.info("Tests use Redis at {} ({})", url, URL_VARIABLE);
            return RedisURI.create(url);
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            LOG.info("Tests use Redis in a Testcontainers container");
            return RedisURI.create("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
        }
        RedisProcess process = RedisProcess.launch();
        LOG.info("Tests use a private Redis on port {}", process.port());
        return process.uri();
    }
}
