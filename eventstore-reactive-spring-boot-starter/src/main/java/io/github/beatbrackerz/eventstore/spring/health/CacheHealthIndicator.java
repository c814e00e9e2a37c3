package io.github.beatbrackerz.eventstore.spring.health;

import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.time.Duration;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/**
 * The cache, probed with one single-key read. Always {@code UP}: the cache is never authoritative
 * and the store works from PostgreSQL without it. Details: {@code state} {@code available}, or
 * {@code degraded} with the {@code error} when the probe fails or times out (reads then go to
 * PostgreSQL within the cache's time budget).
 */
public final class CacheHealthIndicator extends AbstractReactiveHealthIndicator {

    private static final StreamId PROBE = StreamId.of("health-probe", "eventstore");

    private final EventCache cache;
    private final Duration timeout;

    /**
     * @param cache the store's cache
     * @param timeout the bound on the probe
     */
    public CacheHealthIndicator(EventCache cache, Duration timeout) {
        super("Event store cache health check failed");
        this.cache = cache;
        this.timeout = timeout;
    }

    /**
     * @param builder the health to fill in
     * @return lazy; one {@code UP} health after the probe, on the cache client's thread
     */
    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return cache.getSequence(PROBE)
                .timeout(timeout)
                .then(Mono.fromSupplier(() -> builder.up().withDetail("state", "available").build()))
                .onErrorResume(error -> Mono.just(builder.up().withDetail("state", "degraded").withDetail("error", error.toString()).build()));
    }
}
