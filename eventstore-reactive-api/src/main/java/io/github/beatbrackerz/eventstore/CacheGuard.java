package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Wraps every call to the {@link EventCache} so that the cache can only make the store faster,
 * never fail it: each call gets the configured time budget (timed on the cache's {@link
 * EventCache#timeoutScheduler()}), and an error or timeout is treated
 * as a miss (reads) or a no-op (writes). An outage is logged at WARN once, then at DEBUG until
 * a call succeeds again.
 */
final class CacheGuard {

    private static final Logger LOG = Loggers.getLogger(CacheGuard.class);

    private final EventCache cache;
    private final Duration timeout;
    private final Duration adminTimeout;
    private final AtomicBoolean failing = new AtomicBoolean();

    CacheGuard(EventCache cache, Duration timeout, Duration adminTimeout) {
        this.cache = cache;
        this.timeout = timeout;
        this.adminTimeout = adminTimeout;
    }

    boolean enabled() {
        return cache.enabled();
    }

    /** Runs a cache read; completes empty on a miss, an error, a timeout or without a cache. */
    <T> Mono<T> read(String operation, Function<EventCache, Mono<T>> call) {
        return guarded(operation, call, timeout);
    }

    /** Runs a cache administration call (clear, stats) with the longer administration budget. */
    <T> Mono<T> admin(String operation, Function<EventCache, Mono<T>> call) {
        return guarded(operation, call, adminTimeout);
    }

    private <T> Mono<T> guarded(String operation, Function<EventCache, Mono<T>> call, Duration budget) {
        if (!cache.enabled()) {
            return Mono.empty();
        }
        return Mono.defer(() -> call.apply(cache))
                .timeout(budget, cache.timeoutScheduler())
                .doOnSuccess(value -> recovered())
                .onErrorResume(error -> {
                    failed(operation, error);
                    return Mono.empty();
                });
    }

    /** Runs a cache write; always completes, whatever the cache does. */
    Mono<Void> write(String operation, Function<EventCache, Mono<Void>> call) {
        return read(operation, call).then();
    }

    private void recovered() {
        if (failing.compareAndSet(true, false)) {
            LOG.info("cache {} is answering again", cache.getClass().getSimpleName());
        }
    }

    private void failed(String operation, Throwable error) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn("cache {} failed ({}: {}); serving from storage until it recovers",
                    cache.getClass().getSimpleName(), operation, error.toString());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("cache {} still failing ({}: {})", cache.getClass().getSimpleName(), operation, error.toString());
        }
    }
}
