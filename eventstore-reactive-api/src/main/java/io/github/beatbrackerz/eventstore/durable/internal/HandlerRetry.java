package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import io.github.beatbrackerz.eventstore.error.StorageException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Retries a handler with exponential backoff: {@code minBackoff x 2^(n-1)}, at most {@code
 * maxBackoff}, minus up to a quarter of jitter. After {@code maxAttempts} failures it errors with
 * {@link Failures.RetriesExhausted}, and the event is parked. A retryable {@link StorageException}
 * (the database is unreachable, a connection died, a serialization failure) is not the event's
 * fault: it is retried with the same backoff but never counts towards {@code maxAttempts}, so an
 * outage parks nothing. A lost lease is never retried, and a stop signalled during a backoff ends
 * the wait with {@link Failures.Abandoned}.
 */
final class HandlerRetry {

    private HandlerRetry() {
    }

    /**
     * A retry for one handler call (it counts that call's failures).
     *
     * @param spec attempts and backoff
     * @param stopped emits when the segment stops fetching; never emits for a replay
     * @param onFailure told of each failure with the number of failures that count towards parking
     *     (0 for an outage, which does not count)
     * @return the retry
     */
    static Retry of(DurableSubscriptionSpec spec, Mono<?> stopped, BiConsumer<Long, Throwable> onFailure) {
        Mono<Long> abandon = stopped.then(Mono.error(new Failures.Abandoned()));
        AtomicLong counted = new AtomicLong();
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            if (failure instanceof LeaseLostException || failure instanceof Failures.Abandoned) {
                return Mono.error(failure);
            }
            boolean outage = failure instanceof StorageException storage && storage.isRetryable();
            long failures = outage ? counted.get() : counted.incrementAndGet();
            onFailure.accept(outage ? 0 : failures, failure);
            if (!outage && failures >= spec.maxAttempts()) {
                return Mono.error(new Failures.RetriesExhausted(failure, failures));
            }
            return Mono.firstWithSignal(Mono.delay(backoff(spec, signal.totalRetries() + 1)), abandon);
        }));
    }

    static Duration backoff(DurableSubscriptionSpec spec, long failures) {
        long min = spec.minBackoff().toNanos();
        long max = spec.maxBackoff().toNanos();
        long exponential = failures >= 62 || min > (max >> Math.min(failures - 1, 62)) ? max : min << (failures - 1);
        long capped = Math.min(max, exponential);
        long jitter = capped > 4 ? ThreadLocalRandom.current().nextLong(capped / 4) : 0;
        return Duration.ofNanos(Math.max(min, capped - jitter));
    }
}
