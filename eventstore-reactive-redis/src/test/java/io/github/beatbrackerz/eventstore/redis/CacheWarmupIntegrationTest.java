package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisProcess;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

/**
 * {@code warmupCache} on a store with the default options and a Redis cache that has never
 * connected (an application's start-up): every stream ends up cached and later reads hit it; with
 * Redis stopped the warm-up still completes and reads come from PostgreSQL. Durations are printed,
 * not asserted.
 */
class CacheWarmupIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int STREAMS = 60;
    private static final int EVENTS = 20;

    private RedisProcess redis;
    private RedisEventCache cache;
    private CountingCache counting;
    private EventStore store;
    private final List<StreamId> streams = IntStream.range(0, STREAMS).mapToObj(i -> StreamId.of("warm-" + i, "order")).toList();

    @BeforeEach
    void start() {
        String schema = DB.newSchema(true);
        EventStore writer = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        Flux.fromIterable(streams).concatMap(stream -> writer.appendEvents(IntStream.rangeClosed(1, EVENTS)
                .mapToObj(n -> NewEvent.builder().type("ItemAdded").stream(stream).createdBy("tester").payload(Map.of("n", n)).build())
                .toList())).blockLast(WAIT);
        writer.createSnapshot(NewSnapshot.of("warm-7", "order", 10, Map.of("items", 10))).block(WAIT);
        writer.close().block(WAIT);

        redis = RedisProcess.launch();
        cache = RedisEventCaches.standalone(redis.uri(), RedisCacheOptions.builder().keyPrefix(RedisTestServer.uniquePrefix(getClass())).build());
        counting = new CountingCache(cache);
        store = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).cache(counting).build();
    }

    @AfterEach
    void stop() {
        store.close().block(WAIT);
        cache.close().block(WAIT);
        redis.close();
    }

    @Test
    void aColdStartWarmupWithDefaultOptionsCachesEveryStream() {
        long started = System.nanoTime();
        store.warmupCache(streams).block(WAIT);
        System.out.printf(Locale.ROOT, "cold-start warmupCache of %d streams of %d events: %.1f ms%n", STREAMS, EVENTS,
                (System.nanoTime() - started) / 1e6);

        assertThat(cache.stats().block(WAIT).keys()).as("event lists, counters, fill generations and the one snapshot")
                .isEqualTo(3L * STREAMS + 1);
        for (StreamId stream : streams) {
            assertThat(read(stream)).as("%s", stream).hasSize(EVENTS);
        }
        assertThat(counting.hits.get()).isEqualTo(STREAMS);
        assertThat(counting.misses.get()).isZero();
        assertThat(cache.getLatestSnapshot(StreamId.of("warm-7", "order")).block(WAIT).sequenceNumber()).isEqualTo(10L);
    }

    @Test
    void aWarmupWhileRedisIsStoppedCompletesAndReadsComeFromPostgres() {
        redis.stop();
        long started = System.nanoTime();
        store.warmupCache(streams).block(WAIT);
        System.out.printf(Locale.ROOT, "warmupCache of %d streams with Redis stopped: %.1f ms%n", STREAMS,
                (System.nanoTime() - started) / 1e6);

        for (StreamId stream : streams) {
            assertThat(read(stream)).as("%s", stream).hasSize(EVENTS);
        }
        assertThat(counting.hits.get()).isZero();
    }

    private List<RecordedEvent> read(StreamId stream) {
        return store.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).collectList().block(WAIT);
    }
}
