package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestCluster;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link RedisEventCache#connect()}: lazy, opens the connections that the calls then use on a
 * standalone server and on a Cluster (counted with {@code CLIENT LIST} by a client name no other
 * test uses), and fails with a retryable
 * {@link StorageException} when Redis refuses or never answers.
 */
class CacheConnectIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String name = "es-connect-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void connectOpensTheConnectionsThatTheFirstCallUses() {
        RedisURI uri = RedisURI.builder(RedisTestServer.standalone()).withClientName(name).build();
        RedisEventCache cache = RedisEventCaches.standalone(uri, options().build());
        try {
            Mono<Void> connect = cache.connect();
            assertThat(connections()).as("nothing is opened before subscribing").isZero();

            connect.as(StepVerifier::create).expectComplete().verify(WAIT);
            assertThat(connections()).as("the command and the pipeline connections").isEqualTo(2);

            cache.getSequence(TestEvents.stream("connect-first-call")).as(StepVerifier::create).expectComplete().verify(WAIT);
            cache.putEvents(TestEvents.events(TestEvents.stream("connect-first-call"), 1, 3)).as(StepVerifier::create)
                    .expectComplete().verify(WAIT);
            cache.connect().as(StepVerifier::create).expectComplete().verify(WAIT);
            assertThat(connections()).as("the calls and a second connect() opened nothing more").isEqualTo(2);
        } finally {
            cache.close().block(WAIT);
        }
    }

    @Test
    void connectOpensTheClusterConnectionsThatTheCallsUse() {
        RedisTestCluster cluster = RedisTestServer.cluster();
        List<RedisURI> seeds = cluster.seeds().stream().map(seed -> RedisURI.builder(seed).withClientName(name).build()).toList();
        // a generous connect timeout: this test counts connections, and one to each master is slow on a loaded machine
        RedisEventCache cache = RedisEventCaches.cluster(seeds, options().connectTimeout(Duration.ofSeconds(10)).build());
        try {
            cache.connect().as(StepVerifier::create).expectComplete().verify(WAIT);
            long opened = clusterConnections(cluster);
            assertThat(opened).as("connections to every master").isGreaterThanOrEqualTo(cluster.nodes().size());

            for (int i = 0; i < 20; i++) {
                cache.getSequence(TestEvents.stream("connect-cluster-" + i)).as(StepVerifier::create).expectComplete().verify(WAIT);
            }
            assertThat(clusterConnections(cluster)).as("calls on every slot opened nothing more").isEqualTo(opened);
        } finally {
            cache.close().block(WAIT);
        }
    }

    @Test
    void connectToAClosedPortFailsWithARetryableStorageException() throws IOException {
        RedisEventCache cache = RedisEventCaches.standalone("redis://127.0.0.1:" + closedPort(), options().build());
        try {
            cache.connect().as(StepVerifier::create)
                    .expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("connect")
                            .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.isRetryable()).isTrue()))
                    .verify(WAIT);
        } finally {
            cache.close().block(WAIT);
        }
    }

    /**
     * A server that accepts the TCP connection (the kernel does, into the backlog) but never
     * answers the handshake: only the cache's connect timeout ends the wait, well before Lettuce's
     * own 60 s command timeout would, and the bound below is far under that.
     */
    @Test
    void connectToAServerThatNeverAnswersFailsAfterTheConnectTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            RedisEventCache cache = RedisEventCaches.standalone("redis://127.0.0.1:" + silent.getLocalPort(),
                    options().connectTimeout(Duration.ofMillis(300)).build());
            try {
                cache.connect().as(StepVerifier::create)
                        .expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("connect")
                                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.isRetryable()).isTrue()))
                        .verify(Duration.ofSeconds(20));
            } finally {
                cache.close().block(WAIT);
            }
        }
    }

    private RedisCacheOptions.Builder options() {
        return RedisCacheOptions.builder().keyPrefix(RedisTestServer.uniquePrefix(getClass()));
    }

    /** @return how many connections named {@link #name} the server has */
    private long connections() {
        return RedisTestServer.connectionsNamed(RedisTestServer.standalone(), name);
    }

    private long clusterConnections(RedisTestCluster cluster) {
        return cluster.nodes().stream().mapToLong(node -> RedisTestServer.connectionsNamed(node.uri(), name)).sum();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
