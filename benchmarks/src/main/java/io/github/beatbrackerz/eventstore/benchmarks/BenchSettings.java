package io.github.beatbrackerz.eventstore.benchmarks;

import java.time.Duration;

/**
 * How long and how large each scenario runs. {@link #quick()} only proves that every benchmark
 * still runs; {@link #full()} is the published run; {@link #full()} with {@code long} adds the
 * 10,000,000-event growth stage.
 *
 * @param name the mode's name, printed with the results
 * @param round length of one measured round of a throughput comparison
 * @param rounds rounds per side, interleaved library/baseline to spread machine noise evenly
 * @param warmup untimed running of each side before a comparison is measured, so that both sides are
 *     measured JIT-compiled, as in a long-running service (the library's longer path takes longer to compile)
 * @param readSamples latency samples per side of an aggregate-read comparison
 * @param growthSizes table sizes of the growth stages, ascending
 * @param replayEvents events replayed (the largest growth size)
 * @param subscriberLoad how long the append-to-subscriber and fan-out scenarios write (per subscriber count)
 * @param fanoutSubscribers the live subscriber counts of the fan-out scenario, ascending, the first the baseline
 * @param longMode whether the 10M stage is included
 * @param warmupAggregates aggregates warmed per round of the cache warm-up comparison
 * @param warmupEvents events per warmed aggregate
 * @param warmupRounds measured warm-up rounds per side, interleaved, the cache cleared before each
 * @param durableEvents events a durable subscription catches up over (and the raw feed reads) per pass
 * @param durableUpserts events the transactional read-model comparison applies per pass
 * @param durableRounds measured passes per side of the durable throughput comparisons, interleaved
 * @param durableLeases the lease times of the durable takeover measurement
 * @param durableTakeovers crashes measured per lease time
 * @param axonRounds measured rounds per side of each throughput workload of the Axon comparison (the median is reported)
 */
public record BenchSettings(
        String name,
        Duration round,
        int rounds,
        Duration warmup,
        int readSamples,
        long[] growthSizes,
        long replayEvents,
        Duration subscriberLoad,
        int[] fanoutSubscribers,
        boolean longMode,
        int warmupAggregates,
        int warmupEvents,
        int warmupRounds,
        int durableEvents,
        int durableUpserts,
        int durableRounds,
        Duration[] durableLeases,
        int durableTakeovers,
        int axonRounds) {

    private static final int DURABLE_EVENTS = 100_000;
    private static final int DURABLE_UPSERTS = 20_000;
    private static final int AXON_ROUNDS = 5;

    private static Duration[] fullLeases() {
        return new Duration[] {Duration.ofSeconds(2), Duration.ofSeconds(10)};
    }

    /** @return a seconds-long smoke run of every scenario; asserts nothing about speed */
    public static BenchSettings quick() {
        return new BenchSettings("quick", Duration.ofMillis(200), 1, Duration.ofMillis(100), 6, new long[] {2_000, 6_000}, 6_000, Duration.ofSeconds(1),
                new int[] {1, 100}, false, 8, 50, 1,
                2_000, 300, 1, new Duration[] {Duration.ofSeconds(1)}, 1, 1);
    }

    /** @return the published run, a few minutes on two cores */
    public static BenchSettings full() {
        return new BenchSettings("full", Duration.ofSeconds(3), 2, Duration.ofSeconds(4), 2_000, new long[] {10_000, 1_000_000}, 1_000_000, Duration.ofSeconds(20),
                new int[] {1, 100, 1_000, 10_000}, false, 100, 100, 20,
                DURABLE_EVENTS, DURABLE_UPSERTS, 3, fullLeases(), 3, AXON_ROUNDS);
    }

    /** @return the full run plus a 10,000,000-event growth stage (tens of minutes) */
    public static BenchSettings longRun() {
        return new BenchSettings("long", Duration.ofSeconds(3), 2, Duration.ofSeconds(4), 2_000, new long[] {10_000, 1_000_000, 10_000_000}, 1_000_000,
                Duration.ofSeconds(20), new int[] {1, 100, 1_000, 10_000}, true, 100, 100, 20,
                DURABLE_EVENTS, DURABLE_UPSERTS, 3, fullLeases(), 3, AXON_ROUNDS);
    }
}
