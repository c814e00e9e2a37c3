package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Statistics under concurrent appends (issue 14, item 1): two stores sharing one PostgreSQL schema
 * and one Redis, and a third without a cache, read statistics while appends of two event types go
 * through both cached stores. Every statistics value must be one state of the stream (the type
 * counts add up to the total, the first event is 1, the last event is the total) and must include
 * every append that completed before the read began; once the appends stop, every store reports
 * the final numbers.
 */
class StatsCoherenceIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final long SEED = Long.getLong("eventstore.test.seed", 20261203L);
    private static final int STREAMS = 3;
    private static final int APPENDS = 240;
    private static final int READS = 720;

    private final List<StreamId> streams = IntStream.range(0, STREAMS).mapToObj(i -> StreamId.of("stats-" + i, "order")).toList();
    private final AtomicLongArray completed = new AtomicLongArray(STREAMS);
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger checked = new AtomicInteger();
    private final List<RedisEventCache> caches = new ArrayList<>();
    private final List<EventStore> stores = new ArrayList<>();

    @BeforeEach
    void start() {
        String prefix = RedisTestServer.uniquePrefix(getClass());
        String schema = DB.newSchema(true);
        for (int i = 0; i < 2; i++) {
            RedisEventCache cache = RedisEventCaches.standalone(RedisTestServer.standalone(), RedisCacheOptions.builder().keyPrefix(prefix).build());
            caches.add(cache);
            stores.add(R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).cache(cache).subscriptions(SubscriptionMode.disabled())
                    .eventStoreOptions(EventStoreOptions.builder().cacheTimeout(Duration.ofSeconds(5)).build()).build());
        }
        stores.add(R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).build());
    }

    @AfterEach
    void stop() {
        Flux.fromIterable(stores).concatMap(EventStore::close).then().block(WAIT);
        Flux.fromIterable(caches).concatMap(c -> c.clear().then(c.close())).then().block(WAIT);
    }

    @Test
    void everyStatisticsValueIsOneStateOfTheStreamAndIncludesCompletedAppends() {
        Flux<Integer> operations = Flux.range(0, APPENDS + READS);
        operations.flatMap(this::operation, 12).then().block(WAIT);
        System.out.printf("Stats coherence (seed %d): %d appends, %d statistics checked, %d violations%n",
                SEED, APPENDS, checked.get(), violations.size());
        assertThat(violations).as("seed %d", SEED).isEmpty();
        assertThat(checked.get()).isEqualTo(READS);

        for (EventStore store : stores) {
            for (int s = 0; s < STREAMS; s++) {
                StreamId stream = streams.get(s);
                long total = completed.get(s);
                for (int round = 0; round < 2; round++) { // the second round may be served from the cache
                    AggregateStats stats = store.getAggregateStats(stream.aggregateId(), stream.aggregateType()).block(WAIT);
                    assertThat(stats).isNotNull();
                    assertThat(stats.totalEvents()).as("final total of %s", stream).isEqualTo(total);
                    assertThat(stats.lastSequence()).as("final last of %s", stream).isEqualTo(total);
                    assertThat(stats.eventTypes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
                }
            }
        }
    }

    private Mono<Void> operation(int index) {
        Random random = new Random(SEED * 31 + index);
        int s = random.nextInt(STREAMS);
        StreamId stream = streams.get(s);
        // appends are spread evenly over the run, so reads race them from start to end
        if (index % ((APPENDS + READS) / APPENDS) == 0) {
            EventStore store = stores.get(random.nextInt(2));
            NewEvent event = NewEvent.builder().type(random.nextBoolean() ? "Added" : "Removed").stream(stream)
                    .createdBy("stats").payload(Map.of("op", index)).build();
            return store.appendEvents(List.of(event)).last()
                    .doOnNext(last -> completed.accumulateAndGet(s, last.sequenceNumber(), Math::max)).then();
        }
        EventStore store = stores.get(random.nextInt(stores.size()));
        long before = completed.get(s);
        return store.getAggregateStats(stream.aggregateId(), stream.aggregateType())
                .doOnNext(stats -> check(stream, stats, before)).then();
    }

    private void check(StreamId stream, AggregateStats stats, long completedBefore) {
        checked.incrementAndGet();
        long total = stats.totalEvents();
        long sum = stats.eventTypes().values().stream().mapToLong(Long::longValue).sum();
        long first = stats.firstEvent() == null ? 0 : stats.firstEvent().sequenceNumber();
        if (sum != total || stats.lastSequence() != total || first != (total == 0 ? 0 : 1)) {
            violations.add(stream + ": torn statistics: total " + total + ", types " + stats.eventTypes() + ", first " + first
                    + ", last " + stats.lastSequence());
        }
        if (total < completedBefore) {
            violations.add(stream + ": statistics of " + total + " events, but " + completedBefore + " appends had completed before the read");
        }
    }
}
