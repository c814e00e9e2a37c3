package io.github.beatbrackerz.eventstore.redis.tck;

import io.github.beatbrackerz.eventstore.CacheConsistency;
import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.github.beatbrackerz.eventstore.tck.EventStoreConformance;
import io.github.beatbrackerz.eventstore.tck.EventStoreFixture;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import reactor.core.publisher.Flux;

/**
 * The conformance suite on PostgreSQL with the Redis cache: every test gets a fresh schema and a
 * fresh key prefix. Subclasses say which Redis and which consistency mode.
 */
abstract class PostgresRedisConformance extends EventStoreConformance {

    private final List<RedisEventCache> caches = new ArrayList<>();

    private final EventStoreFixture fixture = new EventStoreFixture() {
        @Override
        public EventStore newStore() {
            return newStore(Upcasters.none());
        }

        @Override
        public EventStore newStore(Upcasters upcasters) {
            RedisEventCache cache = newCache(RedisCacheOptions.builder()
                    .keyPrefix(RedisTestServer.uniquePrefix(PostgresRedisConformance.this.getClass())).build());
            caches.add(cache);
            // A generous budget: a timed-out cache call is correct but would hide what these runs test.
            EventStoreOptions options = EventStoreOptions.builder().cacheConsistency(consistency())
                    .cacheTimeout(Duration.ofSeconds(5)).build();
            return R2dbcEventStores.builder(db().connectionFactory()).schema(db().newSchema(true))
                    .cache(cache).eventStoreOptions(options).upcasters(upcasters).build();
        }

        @Override
        public long acquiredConnections() {
            return db().acquiredConnections();
        }
    };

    /** @return the class's PostgreSQL extension */
    abstract PostgresTestDatabase db();

    /** @return a cache on the Redis under test */
    abstract RedisEventCache newCache(RedisCacheOptions options);

    /** @return the consistency mode under test */
    abstract CacheConsistency consistency();

    @Override
    protected EventStoreFixture fixture() {
        return fixture;
    }

    @AfterEach
    void closeCaches() {
        Flux.fromIterable(caches).concatMap(c -> c.clear().onErrorComplete().then(c.close())).then().block(Duration.ofSeconds(30));
        caches.clear();
    }
}
