package io.github.beatbrackerz.eventstore.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The two measuring loops of the driver. Library and baseline alternate (A, B, A, B…) so that
 * the noise of a shared machine lands on both sides alike. Blocks the calling thread, never an
 * event loop.
 */
final class Measure {

    private static final Duration LIMIT = Duration.ofMinutes(5);

    private Measure() {
    }

    /** Events per second of each side. */
    record Throughputs(double library, double baseline) {
    }

    /** Latency percentiles of one side, in milliseconds. */
    record Percentiles(double p50, double p99, int samples) {

        static Percentiles of(long[] nanos, int count) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return new Percentiles(at(sorted, 0.50), at(sorted, 0.99), count);
        }

        private static double at(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(quantile * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    /**
     * Runs each side with {@code concurrency} callers for {@code rounds} rounds of {@code round},
     * alternating sides, after an unmeasured warm-up of {@code warmup} each.
     *
     * @param library one call of the library; emits how many events it wrote or read
     * @param baseline one call of the baseline; emits how many events it wrote or read
     */
    static Throughputs throughput(Supplier<Mono<Integer>> library, Supplier<Mono<Integer>> baseline, int concurrency,
            Duration warmup, Duration round, int rounds) {
        run(library, concurrency, warmup);
        run(baseline, concurrency, warmup);
        long libraryEvents = 0;
        long baselineEvents = 0;
        long libraryNanos = 0;
        long baselineNanos = 0;
        for (int i = 0; i < rounds; i++) {
            boolean libraryFirst = i % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean isLibrary = (side == 0) == libraryFirst;
                long start = System.nanoTime();
                long events = run(isLibrary ? library : baseline, concurrency, round);
                long elapsed = System.nanoTime() - start;
                if (isLibrary) {
                    libraryEvents += events;
                    libraryNanos += elapsed;
                } else {
                    baselineEvents += events;
                    baselineNanos += elapsed;
                }
            }
        }
        return new Throughputs(libraryEvents * 1e9 / libraryNanos, baselineEvents * 1e9 / baselineNanos);
    }

    /** One side of a multi-side throughput comparison. */
    @FunctionalInterface
    interface Side {
        /**
         * @param concurrency back-to-back callers
         * @param duration how long they call
         * @return events written or read by all callers
         */
        long run(int concurrency, Duration duration);
    }

    /** @return a side that runs a reactive call with {@link #run(Supplier, int, Duration)} */
    static Side reactive(Supplier<Mono<Integer>> call) {
        return (concurrency, duration) -> run(call, concurrency, duration);
    }

    /**
     * Runs several sides with {@code concurrency} callers each, after an unmeasured warm-up of {@code warmup} each,
     * for {@code rounds} rounds of {@code round}; within a round every side runs once, one after the other, and the
     * order rotates from round to round, so that each side is first, middle and last alike.
     *
     * @return each side's median over its rounds of events per second, in the order given
     */
    static double[] medianThroughputs(int concurrency, Duration warmup, Duration round, int rounds, Side... sides) {
        for (Side side : sides) {
            side.run(concurrency, warmup);
        }
        double[][] rates = new double[sides.length][rounds];
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < sides.length; k++) {
                int side = (i + k) % sides.length;
                long start = System.nanoTime();
                long events = sides[side].run(concurrency, round);
                rates[side][i] = events * 1e9 / (System.nanoTime() - start);
            }
        }
        double[] medians = new double[sides.length];
        for (int k = 0; k < sides.length; k++) {
            medians[k] = median(rates[k]);
        }
        return medians;
    }

    /** @return the median of {@code values} (the mean of the middle two for an even count) */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Runs {@code concurrency} back-to-back callers until {@code duration} has passed. */
    static long run(Supplier<Mono<Integer>> call, int concurrency, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        Long events = Flux.range(0, concurrency)
                .flatMap(worker -> Mono.defer(call).repeat(() -> System.nanoTime() < deadline).map(Integer::longValue).reduce(0L, Long::sum),
                        concurrency)
                .reduce(0L, Long::sum)
                .block(LIMIT);
        return events == null ? 0 : events;
    }

    /**
     * Times single calls of several sides, alternating them call by call (the order rotates),
     * after calling them in turn, untimed, for {@code warmup}.
     *
     * @param warmup how long the sides run untimed first
     * @param samples measured calls per side, after {@code samples / 10 + 1} more warm-up calls each
     * @param sides the calls to time
     * @return each side's percentiles, in the order given
     */
    @SafeVarargs
    static Percentiles[] latency(Duration warmup, int samples, Supplier<Mono<?>>... sides) {
        long deadline = System.nanoTime() + warmup.toNanos();
        while (System.nanoTime() < deadline) {
            for (Supplier<Mono<?>> side : sides) {
                side.get().block(LIMIT);
            }
        }
        return rounds(samples, Mono::empty, sides);
    }

    /**
     * Like {@link #latency}, but runs {@code before}, untimed, ahead of every call (warm-up calls
     * included): for calls that must each start from the same state, such as an emptied cache.
     *
     * @param samples measured calls per side, after {@code samples / 10 + 1} warm-up calls each
     * @param before resets (and may check) what the previous call left; an error fails the run
     * @param sides the calls to time
     * @return each side's percentiles, in the order given
     */
    @SafeVarargs
    static Percentiles[] rounds(int samples, Supplier<Mono<?>> before, Supplier<Mono<?>>... sides) {
        int warmup = samples / 10 + 1;
        long[][] nanos = new long[sides.length][samples];
        for (int i = -warmup; i < samples; i++) {
            for (int k = 0; k < sides.length; k++) {
                int side = Math.floorMod(i + k, sides.length);
                before.get().block(LIMIT);
                long start = System.nanoTime();
                sides[side].get().block(LIMIT);
                long elapsed = System.nanoTime() - start;
                if (i >= 0) {
                    nanos[side][i] = elapsed;
                }
            }
        }
        Percentiles[] result = new Percentiles[sides.length];
        for (int k = 0; k < sides.length; k++) {
            result[k] = Percentiles.of(nanos[k], samples);
        }
        return result;
    }
}
