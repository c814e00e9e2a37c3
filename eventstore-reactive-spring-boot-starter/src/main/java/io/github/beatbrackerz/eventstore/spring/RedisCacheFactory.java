package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.lettuce.core.RedisURI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/**
 * Builds the Redis cache from Boot's Redis connection details ({@code spring.data.redis.*}, or a
 * service connection): standalone (host, port, database), Sentinel (master, nodes, sentinel
 * credentials, database) or Cluster (nodes), with the username and password. With {@code
 * spring.data.redis.ssl.enabled} the connections use TLS with the JVM's default trust store; an SSL
 * bundle's own trust material is not applied (supply your own {@code EventCache} bean for that).
 * {@code spring.data.redis.client-name} names the cache's connections ({@code CLIENT SETNAME}).
 * Master/replica setups are not supported. Does no I/O: {@link EventStoreLifecycle} connects the
 * cache at start.
 */
final class RedisCacheFactory {

    private RedisCacheFactory() {
    }

    /**
     * @param details Boot's Redis connection details
     * @param clientName the name of the cache's connections, or {@code null} for none
     * @param options the cache options
     * @return the cache, closed by the starter on shutdown
     * @throws IllegalStateException for a master/replica setup
     */
    static RedisEventCache create(DataRedisConnectionDetails details, @Nullable String clientName, RedisCacheOptions options) {
        boolean ssl = details.getSslBundle() != null;
        DataRedisConnectionDetails.Cluster cluster = details.getCluster();
        if (cluster != null) {
            List<RedisURI> seeds = cluster.getNodes().stream()
                    .map(node -> named(authenticated(RedisURI.builder().withHost(node.host()).withPort(node.port()).withSsl(ssl),
                            details.getUsername(), details.getPassword()), clientName).build())
                    .toList();
            return RedisEventCaches.cluster(seeds, options);
        }
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        if (sentinel != null) {
            RedisURI.Builder uri = RedisURI.builder().withSentinelMasterId(sentinel.getMaster()).withDatabase(sentinel.getDatabase()).withSsl(ssl);
            for (DataRedisConnectionDetails.Node node : sentinel.getNodes()) {
                uri.withSentinel(authenticated(RedisURI.builder().withHost(node.host()).withPort(node.port()).withSsl(ssl), sentinel.getUsername(),
                        sentinel.getPassword()).build());
            }
            return RedisEventCaches.sentinel(named(authenticated(uri, details.getUsername(), details.getPassword()), clientName).build(), options);
        }
        if (details.getMasterReplica() != null) {
            throw new IllegalStateException("eventstore.cache.enabled: a Redis master/replica setup (spring.data.redis.masterreplica) is not supported;"
                    + " use a standalone, Sentinel or Cluster setup, or supply your own EventCache bean");
        }
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        if (standalone == null) {
            throw new IllegalStateException("eventstore.cache.enabled: spring.data.redis names no Redis server");
        }
        RedisURI.Builder uri = RedisURI.builder().withHost(standalone.getHost()).withPort(standalone.getPort())
                .withDatabase(standalone.getDatabase()).withSsl(ssl);
        return RedisEventCaches.standalone(named(authenticated(uri, details.getUsername(), details.getPassword()), clientName).build(), options);
    }

    private static RedisURI.Builder named(RedisURI.Builder uri, @Nullable String clientName) {
        return clientName == null || clientName.isBlank() ? uri : uri.withClientName(clientName);
    }

    private static RedisURI.Builder authenticated(RedisURI.Builder uri, @Nullable String username, @Nullable String password) {
        if (password == null) {
            return uri;
        }
        return username == null ? uri.withPassword(password) : uri.withAuthentication(username, password);
    }
}
