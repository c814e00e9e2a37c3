package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;

/**
 * One table grown in stages (10k, 1M, optionally 10M events, aggregates of 100, bulk-loaded
 * server-side): at each stage the latency of a single append to an existing aggregate and of a
 * 100-event aggregate read chosen at random; at the largest stage a full replay by the library
 * against one raw streaming SELECT, with events/s and peak heap.
 */
final class GrowthScenario {

    private static final int PER_AGGREGATE = 100;
    private static final long CHUNK = 250_000;
    private static final int LARGE_PAGE = 5_000;

    private GrowthScenario() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        String schema = servers.newSchema("growth");
        EventStore store = R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        RawPostgres raw = new RawPostgres(servers.pool(), schema);
        List<Row> rows = new ArrayList<>();
        try {
            long loaded = 0;
            Measure.Percentiles[] first = null;
            long firstSize = 0;
            for (long size : settings.growthSizes()) {
                for (long from = loaded; from < size; from += CHUNK) {
                    servers.execute(BenchEvents.seedSql(schema, from, Math.min(size, from + CHUNK), PER_AGGREGATE)).block(Duration.ofMinutes(30));
                }
                loaded = size;
                long aggregates = size / PER_AGGREGATE;
                // Later stages run on code the first stage's warm-up compiled; its appends grow the first stage a little.
                Duration warmup = first == null ? settings.warmup() : Duration.ZERO;
                Measure.Percentiles[] p = Measure.latency(warmup, settings.readSamples(),
                        () -> store.appendEvent(BenchEvents.event("agg-" + ThreadLocalRandom.current().nextLong(10))),
                        () -> store.getAggregateEvents("agg-" + (10 + ThreadLocalRandom.current().nextLong(aggregates - 10)),
                                BenchEvents.AGGREGATE_TYPE).collectList());
                long inTable = Long.parseLong(servers.queryText("SELECT count(*) FROM " + schema + ".events"));
                System.out.printf("  growth %,d events: append p50 %.2f p99 %.2f ms, read p50 %.2f p99 %.2f ms%n",
                        inTable, p[0].p50(), p[0].p99(), p[1].p50(), p[1].p99());
                if (first == null) {
                    first = p;
                    firstSize = inTable;
                    continue;
                }
                String stage = label(inTable) + " vs " + label(firstSize) + " events in table";
                rows.add(Row.atMost("growth: single append, " + stage, "p50 ms", p[0].p50(), first[0].p50(), p[0].p50() / first[0].p50(), 1.5));
                rows.add(Row.atMost("growth: single append, " + stage, "p99 ms", p[0].p99(), first[0].p99(), p[0].p99() / first[0].p99(), 1.5));
                rows.add(Row.atMost("growth: aggregate read (100), " + stage, "p50 ms", p[1].p50(), first[1].p50(), p[1].p50() / first[1].p50(), 1.5));
                rows.add(Row.atMost("growth: aggregate read (100), " + stage, "p99 ms", p[1].p99(), first[1].p99(), p[1].p99() / first[1].p99(), 1.5));
            }
            EventStore largePages = R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).pageSize(LARGE_PAGE).build();
            try {
                rows.addAll(replay(store, largePages, raw, servers, schema));
            } finally {
                largePages.close().block(Duration.ofSeconds(30));
            }
        } finally {
            store.close().block(Duration.ofSeconds(30));
        }
        return rows;
    }

    /** Replays the table with the library (default pages, then large pages) and with one raw streaming SELECT. */
    private static List<Row> replay(EventStore store, EventStore largePages, RawPostgres raw, BenchServers servers, String schema) {
        long total = Long.parseLong(servers.queryText("SELECT count(*) FROM " + schema + ".events"));
        Pass library = pass(total, store.replayEventStream(EventQuery.all(), (events, n) -> Mono.empty(), 1_000));
        Pass baseline = pass(total, raw.streamAll().count());
        Pass tuned = pass(total, largePages.replayEventStream(EventQuery.all(), (events, n) -> Mono.empty(), 1_000));
        Pass timestamptz = pass(total, raw.streamAllWithTimestamptz().count());
        String name = "replay, " + label(total) + " events (batches of 1,000)";
        String tunedName = "replay, " + label(total) + " events (batches of 1,000, pageSize(" + LARGE_PAGE + "))";
        return List.of(
                Row.throughput(name, library.rate(), baseline.rate(), 0.70),
                Row.atMost(name, "peak heap MiB", library.heapMib(), baseline.heapMib(), library.heapMib() / Math.max(1, baseline.heapMib()), 1.5),
                Row.info(tunedName, "events/s", tuned.rate(), baseline.rate(), tuned.rate() / baseline.rate()),
                Row.info(tunedName, "peak heap MiB", tuned.heapMib(), baseline.heapMib(), tuned.heapMib() / Math.max(1, baseline.heapMib())),
                Row.info(name + " (baseline: raw streaming SELECT decoding created_at as timestamptz)", "events/s", library.rate(),
                        timestamptz.rate(), library.rate() / timestamptz.rate()));
    }

    private record Pass(double rate, double heapMib) {
    }

    private static Pass pass(long total, Mono<Long> replay) {
        try (HeapSampler heap = new HeapSampler()) {
            long start = System.nanoTime();
            Long count = replay.block(Duration.ofMinutes(20));
            long elapsed = System.nanoTime() - start;
            if (count == null || count != total) {
                throw new IllegalStateException("replay saw " + count + " of " + total + " events");
            }
            return new Pass(total * 1e9 / elapsed, heap.peakMib());
        }
    }

    static String label(long events) {
        if (events >= 1_000_000 && events % 1_000_000 == 0) {
            return events / 1_000_000 + "M";
        }
        if (events >= 1_000 && events % 1_000 == 0) {
            return events / 1_000 + "k";
        }
        return String.format("%,d", events);
    }
}
