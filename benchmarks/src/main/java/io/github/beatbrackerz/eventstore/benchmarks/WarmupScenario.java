package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cache warm-up throughput, in aggregates per second: the store's batched {@code warmupCache} of
 * N aggregates (default options: 8 read at once, 32 per pipelined batch) with the Redis cache,
 * and one {@code warmupCache} call per aggregate, 8 at a time; against raw Lettuce writing the very
 * keys and values the library wrote, unpipelined and with manual flushing
 * ({@link RawLettuceWarmup}); also the Redis adapter's own pipelined batch writes
 * ({@code putFills}) of the same aggregates without PostgreSQL. The five sides alternate round by
 * round (the order rotates); before every round the cache is emptied with {@code clearCache} and
 * checked empty, and every key is checked present after it, so each round really writes. A
 * side's figure is N over its median round time.
 */
final class WarmupScenario {

    /** Aggregates the per-aggregate side warms at once, as the README's start-up example did before batching. */
    static final int CONCURRENCY = 8;
    /**
     * Timeouts raised so that no write is abandoned by a budget on a loaded machine: an abandoned
     * write would end a round early and be counted as written.
     */
    private static final Duration CACHE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration BULK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private WarmupScenario() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        String schema = servers.newSchema("warmup");
        int n = settings.warmupAggregates();
        EventStore uncached = R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        List<String> ids = seed(uncached, n, settings.warmupEvents());
        List<List<RecordedEvent>> streams = readAll(uncached, ids);
        String prefix = "bench-warmup-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        RedisCacheOptions options = RedisCacheOptions.builder().keyPrefix(prefix).build();
        RedisEventCache cache = RedisEventCaches.standalone(servers.redisUrl(), options);
        EventStore store = R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).cache(cache)
                .eventStoreOptions(EventStoreOptions.builder().cacheTimeout(CACHE_TIMEOUT).cacheAdminTimeout(BULK_TIMEOUT).build())
                .build();
        List<StreamId> streamIds = ids.stream().map(id -> StreamId.of(id, BenchEvents.AGGREGATE_TYPE)).toList();
        try {
            // The first command of a fresh cache connects (seconds on a cold JVM), past any warm-up budget: connect first.
            cache.clear().block(LIMIT);
            store.warmupCache(streamIds).block(LIMIT);
            try (RawLettuceWarmup raw = RawLettuceWarmup.capture(servers.redisUrl(), prefix, n, options.aggregateEventsTtl(),
                    options.sequencesTtl())) {
                Measure.Percentiles[] p = Measure.rounds(settings.warmupRounds(), () -> emptied(store, raw),
                        () -> store.warmupCache(streamIds),
                        () -> warmEach(store, ids),
                        () -> adapterWrites(cache, streams),
                        raw::writeUnpipelined,
                        raw::writePipelined);
                expect(raw, raw.keyCount(), "after the last round").block(LIMIT);
                return rows(n, settings.warmupEvents(), p);
            }
        } finally {
            store.clearCache().block(LIMIT);
            store.close().block(LIMIT);
            uncached.close().block(LIMIT);
            cache.close().block(LIMIT);
        }
    }

    private static List<Row> rows(int n, int events, Measure.Percentiles[] p) {
        double batched = perSecond(n, p[0]);
        double each = perSecond(n, p[1]);
        double adapter = perSecond(n, p[2]);
        double unpipelined = perSecond(n, p[3]);
        double pipelined = perSecond(n, p[4]);
        System.out.printf("  warm-up of %d aggregates, round p50 / p99 ms: warmupCache batched %.1f / %.1f, per aggregate %.1f / %.1f,"
                + " adapter putFills %.1f / %.1f, raw unpipelined %.1f / %.1f (%,.0f commands/s),"
                + " raw manual flush %.1f / %.1f (%,.0f commands/s)%n", n,
                p[0].p50(), p[0].p99(), p[1].p50(), p[1].p99(), p[2].p50(), p[2].p99(),
                p[3].p50(), p[3].p99(), unpipelined * RawLettuceWarmup.COMMANDS_PER_AGGREGATE,
                p[4].p50(), p[4].p99(), pipelined * RawLettuceWarmup.COMMANDS_PER_AGGREGATE);
        String what = "cache warmup, " + n + " aggregates of " + events + " events: ";
        String library = "warmupCache of all, batched, its PostgreSQL reads included";
        String metric = "aggregates/s";
        return List.of(
                Row.info(what + library + " (baseline: raw Lettuce unpipelined writes of the same keys and values)", metric,
                        batched, unpipelined, batched / unpipelined),
                Row.info(what + library + " (baseline: raw Lettuce manual-flush pipeline of the same bytes)", metric,
                        batched, pipelined, batched / pipelined),
                Row.info(what + library + " (baseline: one warmupCache per aggregate, x" + CONCURRENCY + ")", metric,
                        batched, each, batched / each),
                Row.info(what + "Redis adapter putFills only, batches of " + EventStoreOptions.defaults().warmupBatchSize()
                        + ", events read beforehand (baseline: raw Lettuce manual-flush pipeline)", metric, adapter, pipelined,
                        adapter / pipelined),
                Row.info(what + "raw Lettuce manual-flush pipeline vs raw unpipelined (no library on either side)", metric,
                        pipelined, unpipelined, pipelined / unpipelined));
    }

    private static double perSecond(int aggregates, Measure.Percentiles round) {
        return aggregates * 1_000.0 / round.p50();
    }

    private static Mono<Void> warmEach(EventStore store, List<String> ids) {
        return Flux.fromIterable(ids).flatMap(id -> store.warmupCache(id, BenchEvents.AGGREGATE_TYPE), CONCURRENCY).then();
    }

    /** What {@code warmupCache} writes to Redis, straight through the adapter's batch write, from events read beforehand. */
    private static Mono<Void> adapterWrites(RedisEventCache cache, List<List<RecordedEvent>> streams) {
        return Flux.fromIterable(streams)
                .map(events -> new CacheFill(events.get(0).stream(), events, null, events.get(events.size() - 1).sequenceNumber()))
                .buffer(EventStoreOptions.defaults().warmupBatchSize())
                .concatMap(cache::putFills)
                .then();
    }

    /** Checks that the previous round wrote every key, empties the cache the library's way, and checks it is empty. */
    private static Mono<Void> emptied(EventStore store, RawLettuceWarmup raw) {
        return expect(raw, raw.keyCount(), "after a round").then(store.clearCache()).then(expect(raw, 0, "after clearCache"));
    }

    private static Mono<Void> expect(RawLettuceWarmup raw, long keys, String when) {
        return raw.existing().flatMap(found -> found == keys ? Mono.<Void>empty()
                : Mono.<Void>error(new IllegalStateException(found + " of the warm-up's " + raw.keyCount() + " keys exist " + when
                        + ", expected " + keys)));
    }

    private static List<List<RecordedEvent>> readAll(EventStore store, List<String> ids) {
        return Flux.fromIterable(ids).concatMap(id -> store.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList())
                .collectList().blockOptional(LIMIT).orElseThrow();
    }

    private static List<String> seed(EventStore store, int aggregates, int events) {
        List<String> ids = Stream.generate(BenchEvents::newAggregateId).limit(aggregates).toList();
        Flux.fromIterable(ids)
                .flatMap(id -> Flux.range(0, (events + 99) / 100)
                        .concatMap(i -> store.appendEvents(BenchEvents.batch(id, Math.min(100, events - i * 100)))), 4)
                .blockLast(LIMIT);
        return ids;
    }
}
