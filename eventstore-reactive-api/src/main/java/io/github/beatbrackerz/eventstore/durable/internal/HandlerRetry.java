package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Retries a handler with exponential backoff: {@code minBackoff x 2^(n-1)}, at most {@code
 * maxBackoff}, minus up to a quarter of jitter. After {@code maxAttempts} calls it errors with
 * {@link Failures.RetriesExhausted}. A lost lease is never retried, and a stop signalled during a
 * backoff ends the wait with {@link Failures.Abandoned}.
 */
final class HandlerRetry {

    private HandlerRetry() {
    }

    /**
     * @param spec attempts and backoff
     * @param stopped emits when the segment stops fetching; never emits for a replay
     * @param onFailure told of each failure with its number (1 for the first)
     * @return the retry
     */
    static Retry of(DurableSubscriptionSpec spec, Mono<?> stopped, BiConsumer<Long, Throwable> onFailure) {
        Mono<Long> abandon = stopped.then(Mono.error(new Failures.Abandoned()));
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            if (failure instanceof LeaseLostException || failure instanceof Failures.Abandoned) {
                return Mono.error(failure);
            }
            long failures = signal.totalRetries() + 1;
            onFailure.accept(failures, failure);
            if (failures >= spec.maxAttempts()) {
                return Mono.error(new Failures.RetriesExhausted(failure, failures));
            }
            return Mono.firstWithSignal(Mono.delay(backoff(spec, failures)), abandon);
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
