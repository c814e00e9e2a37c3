package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisProcess;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestSentinel;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cache over Redis Sentinel with real processes (a master, a replica, three Sentinels): two
 * stores share one PostgreSQL schema and the Sentinel-managed Redis while concurrent appends and
 * cached reads run through two failovers: the master is killed and the replica promoted, then the
 * old master, back as a replica, is promoted in turn when the new master is killed. Every read must hold every event whose
 * append completed before it began (the default {@code VERIFIED} consistency), no store operation
 * may fail because Redis fails over (the cache's budget absorbs it), and the cache must serve reads
 * from the promoted master afterwards.
 */
class SentinelFailoverIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int STREAMS = 6;
    private static final int FAILOVERS = 2;

    private final List<StreamId> streams = IntStream.range(0, STREAMS).mapToObj(i -> StreamId.of("s-" + i, "order")).toList();
    private final ReadCompleteness completeness = new ReadCompleteness(streams);
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<RedisEventCache> caches = new ArrayList<>();
    private final List<CountingCache> counters = new ArrayList<>();
    private final List<EventStore> stores = new ArrayList<>();
    private String prefix;
    private RedisTestSentinel sentinel;

    @BeforeEach
    void start() {
        sentinel = RedisTestSentinel.start();
        prefix = RedisTestServer.uniquePrefix(getClass());
        String schema = DB.newSchema(true);
        for (int i = 0; i < 2; i++) {
            RedisEventCache cache = RedisEventCaches.sentinel(sentinel.uri(), RedisCacheOptions.builder().keyPrefix(prefix).build());
            CountingCache counting = new CountingCache(cache);
            caches.add(cache);
            counters.add(counting);
            stores.add(R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).cache(counting)
                    .subscriptions(SubscriptionMode.disabled())
                    .eventStoreOptions(EventStoreOptions.builder().cacheTimeout(Duration.ofMillis(500))
                            .cacheBackoffAfterTimeout(Duration.ofMillis(100)).build()).build());
        }
    }

    @AfterEach
    void stop() {
        Flux.fromIterable(stores).concatMap(EventStore::close).then().block(WAIT);
        Flux.fromIterable(caches).concatMap(RedisEventCache::close).then().block(WAIT);
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Test
    void readsStayCompleteAndNothingFailsThroughFailovers() {
        AtomicInteger operations = new AtomicInteger();
        Disposable workload = Flux.range(0, Integer.MAX_VALUE)
                .flatMap(i -> operation(operations.getAndIncrement()), 6)
                .subscribe(null, error -> failures.add("workload ended: " + error));
        List<Long> failoverMillis = new ArrayList<>();
        try {
            for (int failover = 0; failover < FAILOVERS; failover++) {
                awaitCacheHits(); // the cache serves from the current master before it is killed
                long killed = System.nanoTime();
                RedisProcess old = sentinel.killMasterAndAwaitFailover();
                failoverMillis.add((System.nanoTime() - killed) / 1_000_000);
                old.start(); // comes back empty; the Sentinels make it a replica of the new master
            }
            awaitCacheHits(); // and from the last promoted master
        } finally {
            workload.dispose();
        }

        System.out.printf("Sentinel failovers: %d operations, %d checked reads; promoted after %s ms; cache reads %d hits, %d misses,"
                + " %d failures %s; %d failed operations; %d violations%n", operations.get(), completeness.reads(), failoverMillis,
                counters.stream().mapToLong(c -> c.hits.get()).sum(), counters.stream().mapToLong(c -> c.misses.get()).sum(),
                counters.stream().mapToLong(c -> c.failures.get()).sum(), counters.get(0).failureKinds, failures.size(), completeness.violations().size());
        assertThat(completeness.violations()).as("reads missing a completed append").isEmpty();
        assertThat(failures).as("store operations that failed because Redis failed over").isEmpty();
        assertThat(completeness.reads()).as("checked reads").isGreaterThan(100);
        assertThat(keysOnMaster()).as("the promoted master holds the cache's keys").isPositive();
    }

    /** Waits until both stores have served reads from the cache since now. */
    private void awaitCacheHits() {
        long[] before = counters.stream().mapToLong(c -> c.hits.get()).toArray();
        Awaitility.await("reads served from the cache").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> IntStream.range(0, counters.size()).allMatch(i -> counters.get(i).hits.get() > before[i] + 5));
    }

    private long keysOnMaster() {
        RedisClient client = RedisClient.create(sentinel.master().uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().keys(prefix + "*").size();
        } finally {
            client.shutdown();
        }
    }

    private Mono<Void> operation(int index) {
        EventStore store = stores.get(index % stores.size());
        int s = (index / 2) % STREAMS;
        StreamId stream = streams.get(s);
        Mono<Void> op;
        if (index % 5 == 0) {
            List<NewEvent> events = IntStream.range(0, 1 + index % 3).mapToObj(i -> NewEvent.builder().type("Added")
                    .stream(stream).createdBy("failover").payload(Map.of("op", index, "i", i)).build()).toList();
            op = store.appendEvents(events).last()
                    .doOnNext(last -> completeness.appended(s, last.sequenceNumber())).then();
        } else {
            op = completeness.read(store, s);
        }
        return op.onErrorResume(error -> {
            failures.add(error.toString());
            return Mono.empty();
        });
    }
}
