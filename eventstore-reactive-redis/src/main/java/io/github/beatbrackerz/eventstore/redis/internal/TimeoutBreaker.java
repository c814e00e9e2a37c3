package io.github.beatbrackerz.eventstore.redis.internal;

import io.github.beatbrackerz.eventstore.error.StorageException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Keeps a slow Redis out of the way. A disconnected Redis already fails fast (Lettuce rejects
 * commands), but one that accepts connections and does not answer costs every call its full
 * timeout. After a timeout, calls fail at once for the back-off period; the first call after it
 * probes Redis again.
 */
public final class TimeoutBreaker {

    private final long backoffNanos;
    private final AtomicLong openUntil = new AtomicLong(System.nanoTime());

    /** @param backoff how long to fail fast after a timeout; zero disables the breaker */
    public TimeoutBreaker(Duration backoff) {
        this.backoffNanos = backoff.toNanos();
    }

    /**
     * @param call the Redis call, with its timeout applied
     * @param <T> its value type
     * @return the call, or an immediate retryable {@link StorageException} while backing off
     */
    public <T> Mono<T> guard(Mono<T> call) {
        if (backoffNanos == 0) {
            return call;
        }
        return Mono.defer(() -> System.nanoTime() - openUntil.get() < 0
                ? Mono.<T>error(new StorageException("Redis cache is backing off after a timeout", null, true))
                : call.doOnError(TimeoutException.class, e -> openUntil.set(System.nanoTime() + backoffNanos)));
    }
}
