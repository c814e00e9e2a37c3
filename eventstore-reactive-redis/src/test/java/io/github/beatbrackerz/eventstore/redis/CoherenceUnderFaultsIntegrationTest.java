package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisProcess;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import reactor.core.scheduler.Schedulers;

/**
 * Two stores share one PostgreSQL schema and one private Redis (same key prefix) and run a seeded,
 * randomised workload of concurrent appends, cached reads, warmups and evictions, while Redis
 * clients are killed ({@code CLIENT KILL TYPE normal}) and Redis itself is restarted empty. Every
 * read must hold every event whose append completed before the read began. The seed is printed;
 * rerun one with {@code -Deventstore.test.seed=<seed>}.
 */
class CoherenceUnderFaultsIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long SEED = Long.getLong("eventstore.test.seed", 20261126L);
    private static final int STREAMS = 6;
    private static final int OPERATIONS = 600;
    /** Six ticks of the fault schedule: at least one restart (every sixth tick) besides the CLIENT KILLs. */
    private static final int MIN_FAULTS = 6;

    private final List<StreamId> streams = IntStream.range(0, STREAMS).mapToObj(i -> StreamId.of("c-" + i, "order")).toList();
    private final ReadCompleteness completeness = new ReadCompleteness(streams);
    private final AtomicInteger failedOperations = new AtomicInteger();
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger restarts = new AtomicInteger();
    private final List<RedisEventCache> caches = new ArrayList<>();
    private final List<CountingCache> counters = new ArrayList<>();
    private final List<EventStore> stores = new ArrayList<>();
    private RedisProcess redis;
    private RedisClient adminClient;
    private StatefulRedisConnection<String, String> admin;

    @BeforeEach
    void start() {
        redis = RedisProcess.launch();
        adminClient = RedisClient.create(redis.uri());
        admin = adminClient.connect();
        admin.setTimeout(Duration.ofSeconds(1));
        String prefix = RedisTestServer.uniquePrefix(getClass());
        String schema = DB.newSchema(true);
        for (int i = 0; i < 2; i++) {
            // Generous budgets and a short back-off: faults come every few hundred milliseconds on a
            // shared machine, and the cache should serve between them so that cached reads are tested.
            RedisEventCache cache = RedisEventCaches.standalone(redis.uri(), RedisCacheOptions.builder().keyPrefix(prefix).build());
            CountingCache counting = new CountingCache(cache);
            caches.add(cache);
            counters.add(counting);
            stores.add(R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).cache(counting).subscriptions(SubscriptionMode.disabled())
                    .eventStoreOptions(EventStoreOptions.builder().cacheTimeout(Duration.ofMillis(500))
                            .cacheBackoffAfterTimeout(Duration.ofMillis(100)).build()).build());
        }
    }

    @AfterEach
    void stop() {
        Flux.fromIterable(stores).concatMap(EventStore::close).then().block(WAIT);
        Flux.fromIterable(caches).concatMap(RedisEventCache::close).then().block(WAIT);
        admin.close();
        adminClient.shutdown();
        redis.close();
    }

    @Test
    void noReadMissesAnAppendThatCompletedBeforeItWhileRedisFails() {
        long started = System.nanoTime();
        Disposable chaos = Flux.interval(Duration.ofMillis(500), Schedulers.boundedElastic()).onBackpressureDrop()
                .subscribe(this::fault);
        AtomicInteger operations = new AtomicInteger();
        try {
            // Faults come on a timer and operations as fast as the machine allows: on a quick machine 600
            // operations end before the first fault, so rounds repeat until the faults happened during them.
            Flux.range(0, OPERATIONS).repeat(() -> kills.get() + restarts.get() < MIN_FAULTS)
                    .flatMap(i -> operation(operations.getAndIncrement()), 8).then().block(WAIT.multipliedBy(3));
        } finally {
            chaos.dispose();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        redis.start();
        for (StreamId stream : streams) {
            Awaitility.await("cache serves " + stream + " again").atMost(WAIT).until(() -> {
                completeness.read(stores.get(0), streams.indexOf(stream)).onErrorComplete().block(WAIT);
                List<RecordedEvent> cached = caches.get(1).getAggregateEvents(stream).onErrorReturn(List.of()).block(WAIT);
                return cached != null && cached.size() == completeness.completed(streams.indexOf(stream));
            });
        }
        long hits = counters.stream().mapToLong(c -> c.hits.get()).sum();
        System.out.printf("Coherence under faults (seed %d): %d operations, %d reads in %d ms, %d CLIENT KILLs, %d restarts; "
                + "cache stream reads: %d hits, %d misses, %d failures; %d failed operations; %d violations%n", SEED, operations.get(), completeness.reads(), millis,
                kills.get(), restarts.get(), hits, counters.stream().mapToLong(c -> c.misses.get()).sum(),
                counters.stream().mapToLong(c -> c.failures.get()).sum(), failedOperations.get(), completeness.violations().size());
        counters.forEach(c -> System.out.println("cache failures by kind: " + c.failureKinds));
        assertThat(completeness.violations()).as("seed %d", SEED).isEmpty();
        assertThat(kills.get() + restarts.get()).as("faults injected").isGreaterThanOrEqualTo(MIN_FAULTS);
        assertThat(restarts.get()).as("restarts").isPositive();
        assertThat(completeness.reads()).as("checked reads").isGreaterThan(OPERATIONS / 4);
        assertThat(hits).as("reads served from the cache").isPositive();
    }

    private Mono<Void> operation(int index) {
        Random random = new Random(SEED * 31 + index);
        EventStore store = stores.get(random.nextInt(stores.size()));
        int s = random.nextInt(STREAMS);
        StreamId stream = streams.get(s);
        int kind = random.nextInt(10);
        Mono<Void> op;
        if (kind < 4) {
            List<NewEvent> events = IntStream.range(0, 1 + random.nextInt(3)).mapToObj(i -> NewEvent.builder().type("Added")
                    .stream(stream).createdBy("chaos").payload(Map.of("op", index, "i", i)).build()).toList();
            op = store.appendEvents(events).last()
                    .doOnNext(last -> completeness.appended(s, last.sequenceNumber())).then();
        } else if (kind < 9) {
            op = completeness.read(store, s);
        } else {
            op = random.nextBoolean() ? store.warmupCache(stream.aggregateId(), stream.aggregateType())
                    : store.clearAggregateCache(stream.aggregateId(), stream.aggregateType());
        }
        // A failed operation is no coherence violation: a failed append is not counted as completed
        // (which only weakens later checks) and a failed read checks nothing. The shared
        // PostgreSQL may have its connections terminated by other test suites; count, don't fail.
        return op.onErrorResume(e -> {
            failedOperations.incrementAndGet();
            return Mono.empty();
        });
    }

    private void fault(long tick) {
        if (tick % 6 == 5) {
            redis.stop();
            redis.start();
            restarts.incrementAndGet();
            return;
        }
        try {
            // SKIPME is the default: the admin connection survives its own CLIENT KILL.
            admin.sync().clientKill(KillArgs.Builder.typeNormal());
            kills.incrementAndGet();
        } catch (RuntimeException e) {
            // Redis may be restarting; the next tick tries again.
        }
    }
}
