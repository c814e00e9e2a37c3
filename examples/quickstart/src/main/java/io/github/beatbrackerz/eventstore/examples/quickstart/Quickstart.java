package io.github.beatbrackerz.eventstore.examples.quickstart;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;

/**
 * Runs the walk-through: {@code ./mvnw -q -pl examples/quickstart -am compile exec:java}.
 * Uses embedded PostgreSQL and Redis unless {@code EVENTSTORE_R2DBC_URL} and
 * {@code EVENTSTORE_REDIS_URL} say otherwise.
 */
public final class Quickstart {

    private Quickstart() {
    }

    /**
     * Starts the services, runs every step, and stops.
     *
     * @param args ignored
     * @throws Exception if a service cannot start or a step fails
     */
    public static void main(String[] args) throws Exception {
        try (Services services = Services.start()) {
            RedisEventCache cache = RedisEventCaches.standalone(services.redisUrl(),
                    RedisCacheOptions.builder().keyPrefix("quickstart:").build());
            R2dbcEventStoreBuilder builder = R2dbcEventStores.connect(services.r2dbcUrl() + "?schema=quickstart").cache(cache);
            EventStore store = builder.build();
            // A command-line program's main thread is the one place that may wait for the pipeline to end.
            builder.initializeSchema()
                    .then(new Walkthrough(store).run())
                    .then(store.close())
                    .then(cache.close())
                    .then(((ConnectionPool) builder.connectionFactory()).disposeLater())
                    .block(Duration.ofMinutes(2));
            System.out.println(System.lineSeparator() + "Done.");
        }
    }
}
