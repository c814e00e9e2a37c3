package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.CacheConsistency;
import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;

/**
 * Aggregate reads of 10, 100 and 1,000 events against one raw SELECT of the same rows (same
 * table, same column list), and the Redis-cached read of 100 events in both consistency modes
 * against the uncached read; then the cached read against raw Redis ({@link CachedReadScenario}).
 */
final class ReadScenarios {

    static final int[] SIZES = {10, 100, 1_000};
    static final int LARGE_PAGE = 5_000;
    private static final Duration DEFAULT_TIMEOUT = EventStoreOptions.defaults().cacheTimeout();
    private static final Duration PATIENT = Duration.ofMillis(500);

    private ReadScenarios() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        String schema = servers.newSchema("read");
        EventStore store = R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        RawPostgres raw = new RawPostgres(servers.pool(), schema);
        List<Row> rows = new ArrayList<>();
        String cached = null;
        try {
            for (int size : SIZES) {
                String id = seed(store, size);
                if (size == 100) {
                    cached = id;
                }
                Measure.Percentiles[] p = Measure.latency(settings.warmup(), size >= 1_000 ? Math.max(8, settings.readSamples() / 2) : settings.readSamples(),
                        () -> store.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList(),
                        () -> raw.readStream(id),
                        () -> raw.readStreamWithTimestamptz(id));
                rows.add(Row.latency("aggregate read, " + size + " events", "p50 ms", p[0].p50(), p[1].p50(), 0.80));
                rows.add(Row.latency("aggregate read, " + size + " events", "p99 ms", p[0].p99(), p[1].p99(), 0.80));
                rows.add(Row.info("aggregate read, " + size + " events (baseline: raw SELECT decoding created_at as timestamptz)",
                        "p50 ms", p[0].p50(), p[2].p50(), p[2].p50() / p[0].p50()));
                if (size > R2dbcEventStoreBuilder.DEFAULT_PAGE_SIZE) {
                    rows.addAll(largePages(servers, settings, schema, raw, id, size));
                }
            }
            rows.addAll(cachedReads(servers, settings, schema, store, String.valueOf(cached)));
            rows.addAll(CachedReadScenario.run(servers, settings));
        } finally {
            store.close().block(Duration.ofSeconds(30));
        }
        return rows;
    }

    /** The same read with pages larger than the stream: one query instead of several (a tuning lever, info only). */
    private static List<Row> largePages(BenchServers servers, BenchSettings settings, String schema, RawPostgres raw, String id, int size) {
        EventStore store = R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).pageSize(LARGE_PAGE).build();
        try {
            Measure.Percentiles[] p = Measure.latency(settings.warmup(), Math.max(8, settings.readSamples() / 2),
                    () -> store.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList(),
                    () -> raw.readStream(id));
            String name = "aggregate read, " + size + " events, pageSize(" + LARGE_PAGE + ")";
            return List.of(Row.info(name, "p50 ms", p[0].p50(), p[1].p50(), p[1].p50() / p[0].p50()),
                    Row.info(name, "p99 ms", p[0].p99(), p[1].p99(), p[1].p99() / p[0].p99()));
        } finally {
            store.close().block(Duration.ofSeconds(30));
        }
    }

    private static String seed(EventStore store, int size) {
        String id = BenchEvents.newAggregateId();
        Flux.range(0, (size + 99) / 100)
                .concatMap(i -> store.appendEvents(BenchEvents.batch(id, Math.min(100, size - i * 100))))
                .blockLast(Duration.ofMinutes(2));
        return id;
    }

    private static List<Row> cachedReads(BenchServers servers, BenchSettings settings, String schema, EventStore uncached, String id) {
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        RedisEventCache cache = RedisEventCaches.standalone(servers.redisUrl(), RedisCacheOptions.builder().keyPrefix(prefix).build());
        EventStore verified = cachedStore(servers, schema, cache, CacheConsistency.VERIFIED, DEFAULT_TIMEOUT);
        EventStore trusted = cachedStore(servers, schema, cache, CacheConsistency.TRUST_CACHE, DEFAULT_TIMEOUT);
        // same cache, budget raised so that one slow reply on a loaded machine does not open the back-off
        EventStore patient = cachedStore(servers, schema, cache, CacheConsistency.TRUST_CACHE, PATIENT);
        try {
            verified.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).then().block(Duration.ofSeconds(30));
            Measure.Percentiles[] p = Measure.latency(settings.warmup(), settings.readSamples(),
                    () -> uncached.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList(),
                    () -> verified.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList(),
                    () -> trusted.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList(),
                    () -> patient.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList());
            List<Row> rows = new ArrayList<>();
            for (String metric : new String[] {"p50 ms", "p99 ms"}) {
                boolean p50 = metric.startsWith("p50");
                double uncachedMs = p50 ? p[0].p50() : p[0].p99();
                double verifiedMs = p50 ? p[1].p50() : p[1].p99();
                double trustedMs = p50 ? p[2].p50() : p[2].p99();
                double patientMs = p50 ? p[3].p50() : p[3].p99();
                rows.add(Row.atLeast("cached read, 100 events, VERIFIED (baseline: uncached)", metric, verifiedMs, uncachedMs,
                        uncachedMs / verifiedMs, 10));
                rows.add(Row.atLeast("cached read, 100 events, TRUST_CACHE (baseline: uncached)", metric, trustedMs, uncachedMs,
                        uncachedMs / trustedMs, 10));
                rows.add(Row.info("cached read, TRUST_CACHE, cache budget " + PATIENT.toMillis() + " ms (baseline: uncached)", metric, patientMs,
                        uncachedMs, uncachedMs / patientMs));
            }
            return rows;
        } finally {
            patient.close().block(Duration.ofSeconds(30));
            verified.close().block(Duration.ofSeconds(30));
            trusted.close().block(Duration.ofSeconds(30));
            cache.clear().onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(Duration.ofSeconds(30));
            cache.close().block(Duration.ofSeconds(30));
        }
    }

    private static EventStore cachedStore(BenchServers servers, String schema, RedisEventCache cache, CacheConsistency consistency,
            Duration timeout) {
        return R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).cache(cache)
                .eventStoreOptions(EventStoreOptions.builder().cacheConsistency(consistency).cacheTimeout(timeout).build())
                .build();
    }
}
