package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Timed passes over a fixed number of events for the durable subscription comparisons: every
 * side reads (and handles) the same pre-written events once per pass; the sides alternate pass
 * by pass with a rotating order, after untimed warm-up passes, as the other throughput rows do.
 * A durable pass starts a subscription under a fresh name (so it starts from the beginning), is
 * timed from the start call until its handler has seen every event, and is stopped untimed.
 */
final class DurablePasses {

    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private DurablePasses() {
    }

    /**
     * Runs {@code rounds} passes of each side, alternating sides with a rotating order, after
     * passing over every side untimed until {@code warmup} has passed (at least once each).
     *
     * @param events how many events one pass handles
     * @param sides each runs one pass and returns its elapsed nanoseconds
     * @return events/s of each side over all its passes, in the order given
     */
    static double[] compare(long events, Duration warmup, int rounds, List<LongSupplier> sides) {
        long deadline = System.nanoTime() + warmup.toNanos();
        do {
            sides.forEach(LongSupplier::getAsLong);
        } while (System.nanoTime() < deadline);
        long[] nanos = new long[sides.size()];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < sides.size(); k++) {
                int side = Math.floorMod(round + k, sides.size());
                nanos[side] += sides.get(side).getAsLong();
            }
        }
        double[] rates = new double[sides.size()];
        for (int side = 0; side < sides.size(); side++) {
            rates[side] = events * (double) rounds * 1e9 / nanos[side];
        }
        return rates;
    }

    /** @return a name no earlier pass used */
    static String freshName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    /** Counts handled events and signals once {@code expected} were seen. */
    static final class Counter {
        private final long expected;
        private final AtomicLong seen = new AtomicLong();
        private final Sinks.Empty<Void> done = Sinks.empty();

        Counter(long expected) {
            this.expected = expected;
        }

        /** @param n events just handled */
        void add(long n) {
            if (seen.addAndGet(n) >= expected) {
                done.tryEmitEmpty();
            }
        }

        long seen() {
            return seen.get();
        }
    }

    /**
     * Times one durable pass: starts a subscription with a handler counting into a fresh {@link
     * Counter}, waits until every event was handled, then stops it gracefully (untimed).
     *
     * @param events how many events the subscription must see
     * @param start starts the subscription with a handler feeding the counter
     * @return the elapsed nanoseconds from the start call to the last event handled
     */
    static long timeDurable(long events, Function<Counter, Mono<DurableSubscription>> start) {
        Counter counter = new Counter(events);
        long begin = System.nanoTime();
        DurableSubscription subscription = Objects.requireNonNull(start.apply(counter).block(LIMIT));
        try {
            counter.done.asMono().block(LIMIT);
            return System.nanoTime() - begin;
        } finally {
            subscription.stop().block(LIMIT);
            if (counter.seen() != events) {
                // a redelivery in a crash-free pass would be a bug to chase; it must not pass as speed
                throw new IllegalStateException("the durable subscription handled " + counter.seen() + " of " + events + " events");
            }
        }
    }

    /**
     * Times one pass of a plain publisher.
     *
     * @param pass emits how many events it handled
     * @param events how many it must handle
     * @return the elapsed nanoseconds
     */
    static long time(Mono<Long> pass, long events) {
        long begin = System.nanoTime();
        Long seen = pass.block(LIMIT);
        long elapsed = System.nanoTime() - begin;
        if (seen == null || seen != events) {
            throw new IllegalStateException("the pass handled " + seen + " of " + events + " events");
        }
        return elapsed;
    }
}
