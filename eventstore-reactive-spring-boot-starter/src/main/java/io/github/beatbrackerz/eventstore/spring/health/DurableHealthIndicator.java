package io.github.beatbrackerz.eventstore.spring.health;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.spring.EventStoreLifecycle;
import io.github.beatbrackerz.eventstore.spring.EventStoreProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The durable subscriptions declared as beans:
 * <ul>
 *   <li>{@code DOWN} when one failed to start or its status cannot be read within the timeout;</li>
 *   <li>{@code eventstore.health.lag-status} when one trails by more than {@code
 *       eventstore.health.durable-lag-threshold} events on the segments this instance holds;</li>
 *   <li>otherwise {@code UP}.</li>
 * </ul>
 * Details per name: {@code segments}, {@code held} (segments held by this instance), {@code lag}
 * (events) and {@code parked}.
 */
public final class DurableHealthIndicator extends AbstractReactiveHealthIndicator {

    private final DurableSubscriptions durable;
    private final EventStoreLifecycle lifecycle;
    private final List<String> names;
    private final EventStoreProperties.Health settings;

    /**
     * @param durable the store's durable subscriptions
     * @param lifecycle tells which declared subscriptions failed to start
     * @param names the declared subscriptions' names
     * @param settings the threshold, the status to report above it and the timeout
     */
    public DurableHealthIndicator(DurableSubscriptions durable, EventStoreLifecycle lifecycle, List<String> names,
            EventStoreProperties.Health settings) {
        super("Event store durable subscriptions health check failed");
        this.durable = durable;
        this.lifecycle = lifecycle;
        this.names = List.copyOf(names);
        this.settings = settings;
    }

    /**
     * @param builder the health to fill in
     * @return lazy; one health after reading each name's status; a failure becomes {@code DOWN}
     */
    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return Flux.fromIterable(names)
                .concatMap(name -> durable.status(name).collectList().map(segments -> Map.entry(name, segments)))
                .collectList()
                .timeout(settings.timeout())
                .map(statuses -> health(builder, statuses));
    }

    private Health health(Health.Builder builder, List<Map.Entry<String, List<DurableStatus>>> statuses) {
        Map<String, String> failures = lifecycle.startFailures();
        boolean lagging = false;
        for (Map.Entry<String, List<DurableStatus>> entry : statuses) {
            long lag = entry.getValue().stream().filter(status -> status.lag() != null).mapToLong(status -> status.lag().events()).sum();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("segments", entry.getValue().size());
            details.put("held", entry.getValue().stream().filter(DurableStatus::local).count());
            details.put("lag", lag);
            details.put("parked", entry.getValue().stream().mapToLong(DurableStatus::parked).sum());
            String failure = failures.get(entry.getKey());
            if (failure != null) {
                details.put("error", failure);
            }
            builder.withDetail(entry.getKey(), details);
            lagging |= lag > settings.durableLagThreshold();
        }
        if (!failures.isEmpty()) {
            return builder.down().build();
        }
        return lagging ? builder.status(LagStatuses.of(settings)).withDetail("lagThreshold", settings.durableLagThreshold()).build()
                : builder.up().build();
    }
}
