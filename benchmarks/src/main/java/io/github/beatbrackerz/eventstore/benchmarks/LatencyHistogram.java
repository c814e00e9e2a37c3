package io.github.beatbrackerz.eventstore.benchmarks;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free latency histogram with 1 % wide logarithmic buckets from 1 µs to about 100 s, for
 * scenarios that record millions of samples from many threads (one atomic increment each), where
 * keeping every sample would cost more memory and time than the thing measured.
 */
final class LatencyHistogram {

    private static final double GROWTH = Math.log(1.01);
    private static final long FLOOR_NANOS = 1_000;
    private static final int BUCKETS = (int) Math.ceil(Math.log(1e11 / FLOOR_NANOS) / GROWTH) + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder total = new LongAdder();

    /** @param nanos one latency */
    void record(long nanos) {
        int bucket = nanos <= FLOOR_NANOS ? 0 : (int) Math.min(BUCKETS - 1, Math.round(Math.log((double) nanos / FLOOR_NANOS) / GROWTH));
        counts.incrementAndGet(bucket);
        total.increment();
    }

    /** @return how many latencies were recorded */
    long count() {
        return total.sum();
    }

    /**
     * @param quantile between 0 and 1
     * @return the latency at that quantile in milliseconds (within 1 %), {@code NaN} if empty
     */
    double percentileMillis(double quantile) {
        long n = count();
        if (n == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(quantile * n);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return FLOOR_NANOS * Math.exp(i * GROWTH) / 1e6;
            }
        }
        return FLOOR_NANOS * Math.exp((BUCKETS - 1) * GROWTH) / 1e6;
    }
}
