package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.CacheConsistency;
import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Clears and evictions are not undone by fills in flight (issue 14, item 2), on real PostgreSQL
 * and Redis, standalone and Cluster. Store A's fill is held between its read and its write
 * ({@link HeldFills}) while store B, sharing the Redis, clears; then the fill is let go. With
 * tickets the cache drops it; with the ticket withheld ({@code fenced = false}, the behaviour
 * before tickets) the same steps bring the cleared entry back, which shows that each test
 * reproduces its race.
 */
class FillFencingIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<RedisEventCache> caches = new ArrayList<>();
    private final List<EventStore> stores = new ArrayList<>();
    private HeldFills held;
    private RedisEventCache observer;
    private EventStore a;
    private EventStore b;
    private EventStore uncached;

    private void start(String topology, boolean fenced, CacheConsistency consistency) {
        String prefix = RedisTestServer.uniquePrefix(getClass());
        String schema = DB.newSchema(true);
        RedisCacheOptions options = RedisCacheOptions.builder().keyPrefix(prefix).build();
        Function<RedisCacheOptions, RedisEventCache> connect = "cluster".equals(topology)
                ? o -> RedisEventCaches.cluster(RedisTestServer.cluster().seeds(), o)
                : o -> RedisEventCaches.standalone(RedisTestServer.standalone(), o);
        for (int i = 0; i < 3; i++) {
            caches.add(connect.apply(options));
        }
        observer = caches.get(2);
        held = new HeldFills(caches.get(0), fenced);
        // a long cache budget: the held fill must not time out while the test holds it
        EventStoreOptions storeOptions = EventStoreOptions.builder().cacheTimeout(WAIT).cacheAdminTimeout(WAIT).cacheConsistency(consistency).build();
        a = store(schema, held, storeOptions);
        b = store(schema, caches.get(1), storeOptions);
        uncached = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        stores.add(uncached);
    }

    private EventStore store(String schema, io.github.beatbrackerz.eventstore.spi.EventCache cache, EventStoreOptions options) {
        EventStore store = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).cache(cache)
                .subscriptions(SubscriptionMode.disabled()).eventStoreOptions(options).build();
        stores.add(store);
        return store;
    }

    @AfterEach
    void stop() {
        Flux.fromIterable(stores).concatMap(EventStore::close).then().block(WAIT);
        Flux.fromIterable(caches).concatMap(c -> c.clear().then(c.close())).then().block(WAIT);
    }

    @ParameterizedTest(name = "{0}, fenced {1}")
    @CsvSource({"standalone, true", "standalone, false", "cluster, true", "cluster, false"})
    void clearAggregateCacheIsNotUndoneByAFillThatReadTheOldPrefix(String topology, boolean fenced) {
        start(topology, fenced, CacheConsistency.VERIFIED);
        StreamId stream = cachedStreamWithUncachedTail();
        List<RecordedEvent> read = heldRead(stream, () -> b.clearAggregateCache(stream.aggregateId(), stream.aggregateType()).block(WAIT));

        assertThat(read).hasSize(4);
        assertStaleFill(fenced, observer.getAggregateEvents(stream).blockOptional(WAIT));
    }

    @ParameterizedTest(name = "{0}, fenced {1}")
    @CsvSource({"standalone, true", "standalone, false", "cluster, true", "cluster, false"})
    void clearCacheIsNotUndoneByAFillThatReadTheOldPrefix(String topology, boolean fenced) {
        start(topology, fenced, CacheConsistency.VERIFIED);
        StreamId stream = cachedStreamWithUncachedTail();
        List<RecordedEvent> read = heldRead(stream, () -> b.clearCache().block(WAIT));

        assertThat(read).hasSize(4);
        assertStaleFill(fenced, observer.getAggregateEvents(stream).blockOptional(WAIT));
        if (fenced) {
            assertThat(observer.stats().block(WAIT).keys()).as("keys left after the clear and the stale fill").isZero();
        }
    }

    @ParameterizedTest(name = "{0}, fenced {1}")
    @CsvSource({"standalone, true", "standalone, false", "cluster, true", "cluster, false"})
    void deleteStreamIsNotUndoneByAFillThatReadTheOldPrefix(String topology, boolean fenced) {
        start(topology, fenced, CacheConsistency.VERIFIED);
        StreamId stream = cachedStreamWithUncachedTail();
        List<RecordedEvent> read = heldRead(stream, () -> b.deleteStream(stream).block(WAIT));

        assertThat(read).hasSize(4);
        assertStaleFill(fenced, observer.getAggregateEvents(stream).blockOptional(WAIT));
        if (fenced) {
            assertThat(a.getAggregateEvents(stream).collectList().block(WAIT)).singleElement()
                    .satisfies(tombstone -> assertThat(tombstone.sequenceNumber()).isEqualTo(5));
        }
    }

    @ParameterizedTest(name = "{0}, fenced {1}")
    @CsvSource({"standalone, true", "standalone, false", "cluster, true", "cluster, false"})
    void pruneSnapshotsIsNotUndoneByATrustCacheMissFill(String topology, boolean fenced) {
        start(topology, fenced, CacheConsistency.TRUST_CACHE);
        StreamId stream = StreamId.of("prune-" + UUID.randomUUID(), "order");
        uncached.appendEvents(events(stream, 2)).blockLast(WAIT);
        uncached.createSnapshot(new NewSnapshot(stream, 2, Json.trusted("{\"n\":2}"), 1)).block(WAIT);

        held.arm();
        CompletableFuture<Optional<Snapshot>> miss = a.getLatestSnapshot(stream.aggregateId(), stream.aggregateType())
                .map(Optional::of).defaultIfEmpty(Optional.empty()).toFuture();
        awaitHeld();
        assertThat(b.pruneSnapshots(stream.aggregateId(), stream.aggregateType(), 0).block(WAIT)).isEqualTo(1L);
        held.release();

        assertThat(miss.join()).as("the miss read the snapshot before the prune").isPresent();
        assertStaleFill(fenced, observer.getLatestSnapshot(stream).blockOptional(WAIT));
        if (fenced) {
            assertThat(a.getLatestSnapshot(stream.aggregateId(), stream.aggregateType()).blockOptional(WAIT)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}, fenced {1}")
    @CsvSource({"standalone, true", "standalone, false", "cluster, true", "cluster, false"})
    void clearCacheIsNotUndoneByAWarmUpThatReadBeforeIt(String topology, boolean fenced) {
        start(topology, fenced, CacheConsistency.VERIFIED);
        StreamId stream = StreamId.of("warm-" + UUID.randomUUID(), "order");
        uncached.appendEvents(events(stream, 3)).blockLast(WAIT);
        uncached.createSnapshot(new NewSnapshot(stream, 3, Json.trusted("{\"n\":3}"), 1)).block(WAIT);

        held.arm();
        CompletableFuture<Void> warmup = a.warmupCache(List.of(stream)).toFuture();
        awaitHeld();
        b.clearCache().block(WAIT);
        held.release();
        warmup.join();

        assertStaleFill(fenced, observer.getAggregateEvents(stream).blockOptional(WAIT));
        assertStaleFill(fenced, observer.getLatestSnapshot(stream).blockOptional(WAIT));
        assertStaleFill(fenced, observer.getSequence(stream).blockOptional(WAIT));
        if (fenced) {
            assertThat(observer.stats().block(WAIT).keys()).as("keys left after the clear and the stale warm-up").isZero();
        }
    }

    /** A stream of 4 events whose cache holds 1..3: the 4th went through a store without a cache. */
    private StreamId cachedStreamWithUncachedTail() {
        StreamId stream = StreamId.of("fence-" + UUID.randomUUID(), "order");
        a.appendEvents(events(stream, 3)).blockLast(WAIT);
        Awaitility.await("appends extend the cache").atMost(WAIT)
                .until(() -> observer.getAggregateEvents(stream).blockOptional(WAIT).map(List::size).orElse(0) == 3);
        uncached.appendEvents(events(stream, 1)).blockLast(WAIT);
        return stream;
    }

    /** Reads the stream through A, holding its fill (1..3 from the cache, 4 from storage) while {@code meanwhile} runs. */
    private List<RecordedEvent> heldRead(StreamId stream, Runnable meanwhile) {
        held.arm();
        CompletableFuture<List<RecordedEvent>> read = a.getAggregateEvents(stream.aggregateId(), stream.aggregateType())
                .collectList().toFuture();
        awaitHeld();
        meanwhile.run();
        held.release();
        return read.join();
    }

    private void awaitHeld() {
        try {
            assertThat(held.arrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the fill reached its write").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertStaleFill(boolean fenced, Optional<?> cached) {
        if (fenced) {
            assertThat(cached).as("the stale fill was dropped").isEmpty();
        } else {
            assertThat(cached).as("without a ticket the stale fill comes back (the race reproduces)").isPresent();
        }
    }

    private static List<NewEvent> events(StreamId stream, int count) {
        return IntStream.range(0, count).mapToObj(i -> NewEvent.builder().type("Added").stream(stream).createdBy("fence")
                .payload(Map.of("i", i)).build()).toList();
    }
}
