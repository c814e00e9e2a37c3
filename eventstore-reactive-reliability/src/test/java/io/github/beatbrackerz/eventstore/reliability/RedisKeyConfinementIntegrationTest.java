package io.github.beatbrackerz.eventstore.reliability;

import static io.github.beatbrackerz.eventstore.tck.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.redis.test.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * In a Redis shared with other applications, the cache writes only under its key prefix, and
 * {@code clearAggregateCache}/{@code clearCache} delete only its own keys: not the keys of
 * another application, not keys under a prefix that merely starts like ours, and not keys that
 * the prefix would match if its glob characters ({@code * ? [ ] \}) were not escaped. Runs on a
 * private {@code redis-server}, never the shared one.
 */
class RedisKeyConfinementIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @Test
    void theCacheWritesAndClearsOnlyUnderItsPrefix() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String prefix = "app*?[a]\\:" + run + ":";
        Map<String, String> foreign = new HashMap<>();
        foreign.put("other-app:events:1", "keep");
        foreign.put("es:aggregate:x", "keep");                                  // the default prefix, used by someone else
        foreign.put("appXYa:" + run + ":aggregate:x", "keep");                  // what the unescaped glob app*?[a]\: would match
        foreign.put("app*?[a]\\:" + run, "keep");                                // our prefix minus its last character
        foreign.put("app*?[a]\\:" + run + "x:events", "keep");                   // a prefix that starts like ours
        foreign.put("APP*?[A]\\:" + run + ":events", "keep");                    // case differs
        try (RedisProcess redis = RedisProcess.launch()) {
            RedisClient admin = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = admin.connect()) {
                RedisCommands<String, String> keys = connection.sync();
                foreign.forEach(keys::set);
                keys.expire("other-app:events:1", 3600);

                ConnectionPool pool = PrivatePool.create(DB.server(), PrivatePool.uniqueName("es-keys"), 4, null);
                RedisEventCache cache = RedisEventCaches.standalone(redis.uri(), RedisCacheOptions.builder().keyPrefix(prefix).build());
                EventStore store = R2dbcEventStores.builder(pool).schema(DB.schema()).cache(cache).build();
                try {
                    StreamId first = StreamId.of("k-1", "order");
                    StreamId second = StreamId.of("k-2*", "order?");
                    exercise(store, first);
                    exercise(store, second);

                    Set<String> ours = new HashSet<>(keys.keys("*"));
                    ours.removeAll(foreign.keySet());
                    System.out.println("[security] cache keys written: " + ours.size() + " under prefix " + prefix);
                    assertThat(ours).as("keys the cache wrote").isNotEmpty().allSatisfy(k -> assertThat(k).startsWith(prefix));

                    store.clearAggregateCache(first.aggregateId(), first.aggregateType()).block(Duration.ofSeconds(10));
                    assertForeignIntact(keys, foreign);
                    Set<String> afterOne = new HashSet<>(keys.keys("*"));
                    afterOne.removeAll(foreign.keySet());
                    assertThat(afterOne).as("keys of the other aggregate survive clearAggregateCache").isNotEmpty();

                    store.clearCache().block(Duration.ofSeconds(10));
                    assertForeignIntact(keys, foreign);
                    // The store cache epoch the cache has adopted is not an entry: it stays, so a clear is not taken for a restore.
                    Set<String> expected = new HashSet<>(foreign.keySet());
                    expected.add(prefix + "epoch");
                    assertThat(keys.keys("*")).as("after clearCache only the foreign keys and the cache's epoch remain")
                            .containsExactlyInAnyOrderElementsOf(expected);
                    assertThat(keys.ttl("other-app:events:1")).as("a foreign key's TTL is untouched").isPositive();
                } finally {
                    store.close().then(cache.close()).block(Duration.ofSeconds(30));
                    pool.disposeLater().block(Duration.ofSeconds(30));
                }
            } finally {
                admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    private static void exercise(EventStore store, StreamId stream) {
        List<NewEvent> events = List.of(event(stream, "Keyed"), event(stream, "Keyed"), event(stream, "Keyed"));
        store.appendEvents(events).then().block(Duration.ofSeconds(20));
        store.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).then().block(Duration.ofSeconds(20));
        store.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).then().block(Duration.ofSeconds(20));
        store.getEvent(events.get(0).eventId()).block(Duration.ofSeconds(20));
        store.createSnapshot(NewSnapshot.of(stream.aggregateId(), stream.aggregateType(), 2, Map.of("n", 2))).block(Duration.ofSeconds(20));
        store.getLatestSnapshot(stream.aggregateId(), stream.aggregateType()).block(Duration.ofSeconds(20));
        store.getAggregateStats(stream.aggregateId(), stream.aggregateType()).block(Duration.ofSeconds(20));
        store.warmupCache(stream.aggregateId(), stream.aggregateType()).block(Duration.ofSeconds(20));
        store.getCacheStats().block(Duration.ofSeconds(20));
    }

    private static void assertForeignIntact(RedisCommands<String, String> keys, Map<String, String> foreign) {
        foreign.forEach((key, value) -> assertThat(keys.get(key)).as("foreign key %s", key).isEqualTo(value));
    }

}
