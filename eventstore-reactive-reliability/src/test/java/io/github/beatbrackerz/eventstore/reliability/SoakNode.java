package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.r2dbc.test.ServerAddress;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.lettuce.core.RedisURI;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One store instance of the soak: its own connection pool and LISTEN connection (each with an
 * {@code application_name} of its own, so faults can find and kill them), and its own Redis
 * cache client over the shared private Redis.
 */
final class SoakNode implements AutoCloseable {

    private final String name;
    private final String applicationName;
    private final String listenerApplicationName;
    private final ConnectionPool pool;
    private final RedisEventCache cache;
    private final EventStore store;

    SoakNode(String name, String runId, ServerAddress server, String schema, RedisURI redis, String keyPrefix,
            @Nullable Duration statementTimeout) {
        this.name = name;
        this.applicationName = "es-soak-" + runId + "-" + name;
        this.listenerApplicationName = applicationName + "-listen";
        this.pool = PrivatePool.create(server, applicationName, 6, statementTimeout);
        this.cache = RedisEventCaches.standalone(redis, RedisCacheOptions.builder()
                .keyPrefix(keyPrefix)
                // the machine is shared and slow: a generous budget so the cache is actually used
                .build());
        this.store = R2dbcEventStores.builder(pool)
                .schema(schema)
                .cache(cache)
                .subscriptions(SubscriptionMode.listenNotify(SubscriptionOptions.defaults(),
                        PrivatePool.unpooled(server, listenerApplicationName, null)))
                .eventStoreOptions(EventStoreOptions.builder().cacheTimeout(Duration.ofMillis(500)).build())
                .build();
    }

    String name() {
        return name;
    }

    EventStore store() {
        return store;
    }

    String applicationName() {
        return applicationName;
    }

    /** @return the store's pool, for the durable subscriptions of this node (their backends carry the store's name) */
    ConnectionPool pool() {
        return pool;
    }

    String listenerApplicationName() {
        return listenerApplicationName;
    }

    /** @return connections acquired from this node's pool right now */
    int acquired() {
        return pool.getMetrics().map(PoolMetrics::acquiredSize).orElseThrow();
    }

    /** Closes the store (ending its subscriptions) and the cache; the pool stays for inspection. */
    void closeStore() {
        store.close().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(30));
        cache.close().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        pool.disposeLater().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(30));
    }
}
