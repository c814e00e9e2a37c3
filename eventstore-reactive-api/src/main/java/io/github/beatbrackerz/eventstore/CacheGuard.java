package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The one home of the cache's time budgets. Wraps every call to the {@link EventCache} so that
 * the cache can only make the store faster, never fail it: each call gets the configured time
 * budget (timed on the cache's {@link EventCache#timeoutScheduler()}), and an error or timeout is
 * treated as a miss (reads) or a no-op (writes). After a command ran out of its budget, reads and
 * writes skip the cache for the back-off period, so a cache that stops answering costs one budget
 * rather than one per call; administration calls are always tried. Until the cache has connected
 * once, each call first waits for {@link EventCache#connect()} within its budget, and such a call
 * does not open the back-off when it times out. An outage is logged at WARN once, then at
 * DEBUG until a call succeeds again.
 */
final class CacheGuard {

    private static final Logger LOG = Loggers.getLogger(CacheGuard.class);

    private final EventCache cache;
    private final Duration timeout;
    private final Duration adminTimeout;
    private final long backoffMillis;
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile boolean connected;
    private volatile long backingOffUntil = Long.MIN_VALUE;

    CacheGuard(EventCache cache, Duration timeout, Duration adminTimeout, Duration backoffAfterTimeout) {
        this.cache = cache;
        this.timeout = timeout;
        this.adminTimeout = adminTimeout;
        this.backoffMillis = backoffAfterTimeout.toMillis();
    }

    boolean enabled() {
        return cache.enabled();
    }

    /** Runs a cache read; completes empty on a miss, an error, a timeout, during the back-off or without a cache. */
    <T> Mono<T> read(String operation, Function<EventCache, Mono<T>> call) {
        return guarded(operation, call, timeout, true, false);
    }

    /** Runs a cache administration call (clear, stats, warm-up batch) with the longer budget, even during the back-off. */
    <T> Mono<T> admin(String operation, Function<EventCache, Mono<T>> call) {
        return guarded(operation, call, adminTimeout, false, false);
    }

    /**
     * Runs an eviction whose failure the caller must report (a hard delete's purge): as {@link #admin},
     * but errors with the cache's failure, or a {@link TimeoutException} after the administration
     * budget, instead of completing empty.
     */
    <T> Mono<T> purge(String operation, Function<EventCache, Mono<T>> call) {
        return guarded(operation, call, adminTimeout, false, true);
    }

    /**
     * Runs one step of a bulk administration call (a warm-up's fill ticket) with the longer budget,
     * skipped during the back-off: a busy cache does not cost the warm-up its streams, and a frozen
     * one costs it one budget, not one per stream.
     */
    <T> Mono<T> bulkStep(String operation, Function<EventCache, Mono<T>> call) {
        return guarded(operation, call, adminTimeout, true, false);
    }

    /** Runs a cache write; always completes, whatever the cache does. */
    Mono<Void> write(String operation, Function<EventCache, Mono<Void>> call) {
        return read(operation, call).then();
    }

    private <T> Mono<T> guarded(String operation, Function<EventCache, Mono<T>> call, Duration budget, boolean yieldsToBackoff,
            boolean reportsFailure) {
        if (!cache.enabled()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            if (yieldsToBackoff && backingOff()) {
                return Mono.empty();
            }
            boolean connectedBefore = connected;
            Mono<T> command = connectedBefore
                    ? Mono.defer(() -> call.apply(cache))
                    : cache.connect().doOnSuccess(done -> connected = true).then(Mono.defer(() -> call.apply(cache)));
            return command.timeout(budget, cache.timeoutScheduler())
                    .doOnSuccess(value -> recovered())
                    .onErrorResume(error -> {
                        // a budget partly spent connecting says nothing about how fast the cache answers
                        if (error instanceof TimeoutException && connectedBefore) {
                            backOff();
                        }
                        failed(operation, error);
                        return reportsFailure ? Mono.error(error) : Mono.empty();
                    });
        });
    }

    private boolean backingOff() {
        return backoffMillis > 0 && now() < backingOffUntil;
    }

    private void backOff() {
        if (backoffMillis > 0) {
            backingOffUntil = now() + backoffMillis;
        }
    }

    private long now() {
        return cache.timeoutScheduler().now(TimeUnit.MILLISECONDS);
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
