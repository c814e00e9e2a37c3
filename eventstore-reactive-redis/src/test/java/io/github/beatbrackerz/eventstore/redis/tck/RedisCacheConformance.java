package io.github.beatbrackerz.eventstore.redis.tck;

import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.tck.EventCacheConformance;
import io.github.beatbrackerz.eventstore.tck.EventCacheFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

/**
 * The cache port's conformance suite on Redis: every cache gets a key prefix of its own, a nested
 * cache a prefix that starts with its outer cache's ({@code <prefix>t2:}), and the unreachable
 * cache points at a loopback port nothing listens on. Subclasses say which topology.
 */
abstract class RedisCacheConformance extends EventCacheConformance {

    private static final Duration DISPOSE = Duration.ofSeconds(30);

    private final EventCacheFixture fixture = new EventCacheFixture() {
        @Override
        public EventCache newCache() {
            return RedisCacheConformance.this.newCache(options(RedisTestServer.uniquePrefix(RedisCacheConformance.this.getClass())).build());
        }

        @Override
        public EventCache newNestedCache(EventCache outer) {
            return RedisCacheConformance.this.newCache(options(((RedisEventCache) outer).options().keyPrefix() + "t2:").build());
        }

        @Override
        public Optional<EventCache> unreachableCache() {
            // a short connect budget: the suite checks that calls fail as signals, not how long dialling takes
            return Optional.of(unreachable(options(RedisTestServer.uniquePrefix(RedisCacheConformance.this.getClass()))
                    .connectTimeout(Duration.ofMillis(500)).build(), closedPort()));
        }

        @Override
        public Optional<EventCache> newCacheLimitedTo(int maxStreamLength) {
            return Optional.of(RedisCacheConformance.this.newCache(options(RedisTestServer.uniquePrefix(RedisCacheConformance.this.getClass()))
                    .maxCachedStreamLength(maxStreamLength).build()));
        }

        @Override
        public void dispose(EventCache cache) {
            RedisEventCache redis = (RedisEventCache) cache;
            redis.clear().onErrorComplete().then(redis.close()).block(DISPOSE);
        }
    };

    /**
     * @param options the options, key prefix included
     * @return a cache on the topology under test
     */
    abstract RedisEventCache newCache(RedisCacheOptions options);

    /**
     * @param options the options
     * @param port a loopback port nothing listens on
     * @return a cache of the topology under test whose every node (or sentinel) is that port
     */
    abstract RedisEventCache unreachable(RedisCacheOptions options, int port);

    @Override
    protected EventCacheFixture fixture() {
        return fixture;
    }

    private static RedisCacheOptions.Builder options(String prefix) {
        // A generous budget: these tests check behaviour, not latency, on a shared 2-core machine.
        return RedisCacheOptions.builder().keyPrefix(prefix);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
