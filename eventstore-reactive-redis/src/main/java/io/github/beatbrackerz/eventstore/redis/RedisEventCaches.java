package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.redis.internal.ClusterTopology;
import io.github.beatbrackerz.eventstore.redis.internal.StandaloneTopology;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Builds the Redis cache for a standalone server, a Sentinel-managed master or a Cluster. No
 * method does I/O: the cache opens its connections on {@link RedisEventCache#connect()}, which an
 * application calls at start-up (the Spring Boot starter does), or else on its first call, which
 * then pays the connect inside its time budget. While Redis is unreachable every call fails fast
 * (see {@link RedisEventCache}).
 *
 * <p>Clients created here reject commands while disconnected instead of queueing them
 * ({@code DisconnectedBehavior.REJECT_COMMANDS}), end a command after
 * {@link #COMMAND_SAFETY_TIMEOUT}, reconnect automatically with a back-off capped at one
 * second, and are shut down by {@link RedisEventCache#close()}. For a client you create yourself,
 * use {@link #clientOptions(RedisCacheOptions)} or {@link #clusterClientOptions(RedisCacheOptions)}
 * to get the same behaviour. The time budget of each call is the store's, not the client's.
 */
public final class RedisEventCaches {

    /**
     * When a client made here gives up on a command: a safety net, not a budget. The store gives up
     * on a call much sooner (its {@code cacheTimeout}, 50 ms by default, or {@code
     * cacheAdminTimeout}, 5 s) and cancels it, which does not take the command back from Lettuce's
     * queue; this ends such a command if Redis never answers it, so it cannot be held forever.
     */
    public static final Duration COMMAND_SAFETY_TIMEOUT = Duration.ofSeconds(10);

    private RedisEventCaches() {
    }

    /**
     * @param uri for example {@code redis://127.0.0.1:6379} or {@code redis-sentinel://host:26379#mymaster}
     * @return a cache with the default options
     */
    public static RedisEventCache standalone(String uri) {
        return standalone(uri, RedisCacheOptions.defaults());
    }

    /**
     * @param uri a Redis URI, as {@link RedisURI#create(String)} parses it
     * @param options the cache options
     * @return the cache
     */
    public static RedisEventCache standalone(String uri, RedisCacheOptions options) {
        return standalone(parse(uri), options);
    }

    /**
     * @param uri where Redis is (a URI with sentinels connects to the master they name)
     * @param options the cache options
     * @return the cache
     */
    public static RedisEventCache standalone(RedisURI uri, RedisCacheOptions options) {
        Require.notNull("uri", uri);
        Require.notNull("options", options);
        ClientResources resources = resources();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(clientOptions(options));
        return new LettuceEventCache(StandaloneTopology.connect(client, uri), () -> shutdown(client, resources), options);
    }

    /**
     * @param uri a URI naming sentinels and a master id, e.g. built with {@code RedisURI.Builder.sentinel(host, port, masterId)}
     * @param options the cache options
     * @return the cache, connected to the current master
     * @throws ValidationException (field {@code uri}) if the URI names no sentinel
     */
    public static RedisEventCache sentinel(RedisURI uri, RedisCacheOptions options) {
        Require.notNull("uri", uri);
        if (uri.getSentinels().isEmpty()) {
            throw new ValidationException("uri", "must name at least one sentinel");
        }
        return standalone(uri, options);
    }

    /**
     * @param seeds one or more nodes of the Cluster
     * @param options the cache options
     * @return the cache
     * @throws ValidationException (field {@code seeds}) if there is no seed
     */
    public static RedisEventCache cluster(List<RedisURI> seeds, RedisCacheOptions options) {
        Require.notNull("seeds", seeds);
        Require.notNull("options", options);
        if (seeds.isEmpty()) {
            throw new ValidationException("seeds", "must name at least one node");
        }
        ClientResources resources = resources();
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(clusterClientOptions(options));
        return new LettuceEventCache(ClusterTopology.connect(client), () -> shutdown(client, resources), options);
    }

    /**
     * @param seedUri a node of the Cluster, for example {@code redis://127.0.0.1:7000}
     * @param options the cache options
     * @return the cache
     */
    public static RedisEventCache cluster(String seedUri, RedisCacheOptions options) {
        return cluster(List.of(parse(seedUri)), options);
    }

    /**
     * Uses a client you own; {@link RedisEventCache#close()} closes the cache's connections only.
     *
     * @param client the client
     * @param uri where to connect
     * @param options the cache options
     * @return the cache
     */
    public static RedisEventCache of(RedisClient client, RedisURI uri, RedisCacheOptions options) {
        Require.notNull("client", client);
        Require.notNull("uri", uri);
        Require.notNull("options", options);
        return new LettuceEventCache(StandaloneTopology.connect(client, uri), Mono::empty, options);
    }

    /**
     * Uses a Cluster client you own; {@link RedisEventCache#close()} closes the cache's connections only.
     *
     * @param client the client
     * @param options the cache options
     * @return the cache
     */
    public static RedisEventCache of(RedisClusterClient client, RedisCacheOptions options) {
        Require.notNull("client", client);
        Require.notNull("options", options);
        return new LettuceEventCache(ClusterTopology.connect(client), Mono::empty, options);
    }

    /**
     * @param options the cache options
     * @return client options that fail fast while Redis is down: reject commands while
     *         disconnected, end a command after {@link #COMMAND_SAFETY_TIMEOUT}, reconnect automatically
     */
    public static ClientOptions clientOptions(RedisCacheOptions options) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_SAFETY_TIMEOUT))
                .socketOptions(socketOptions(options))
                .build();
    }

    /**
     * @param options the cache options
     * @return {@link #clientOptions} for a Cluster
     */
    public static ClusterClientOptions clusterClientOptions(RedisCacheOptions options) {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_SAFETY_TIMEOUT))
                .socketOptions(socketOptions(options))
                .build();
    }

    private static SocketOptions socketOptions(RedisCacheOptions options) {
        return SocketOptions.builder().connectTimeout(options.connectTimeout()).keepAlive(true).build();
    }

    private static ClientResources resources() {
        // Lettuce's default back-off reaches 30 s; a cache should come back soon after Redis does.
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    private static Mono<Void> shutdown(AbstractRedisClient client, ClientResources resources) {
        return Mono.fromFuture(client::shutdownAsync)
                // the client's shutdown completes on an event-loop thread, and shutting the resources' executors down
                // takes their task queues' locks, which can park: that belongs on a thread that may block
                .publishOn(Schedulers.boundedElastic())
                .then(Mono.<Void>create(sink -> resources.shutdown().addListener(f -> sink.success())));
    }

    private static RedisURI parse(String uri) {
        Require.notNull("uri", uri);
        try {
            return RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("uri", "is not a Redis URI: " + e.getMessage());
        }
    }
}
