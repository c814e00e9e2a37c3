package io.github.beatbrackerz.eventstore.spring.health;

import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionLag;
import io.github.beatbrackerz.eventstore.spring.EventStoreProperties;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/**
 * The LISTEN/NOTIFY subscription engine:
 * <ul>
 *   <li>{@code DOWN} when its shared reader is stalled (its reads fail), when it has subscribers
 *       but its {@code LISTEN} connection is not established, or when the lag cannot be measured
 *       within the timeout;</li>
 *   <li>{@code eventstore.health.lag-status} when more than {@code eventstore.health.lag-threshold}
 *       events are deliverable but undelivered or held back by open transactions;</li>
 *   <li>otherwise {@code UP}. Without subscribers the listener is closed, which is normal.</li>
 * </ul>
 * Details: {@code listening}, {@code subscribers}, {@code deliveredPosition}, {@code
 * undeliveredEvents}, {@code heldBackEvents}, {@code oldestTransactionAge}, {@code holders} and,
 * when stalled, {@code readerStall}.
 */
public final class SubscriptionsHealthIndicator extends AbstractReactiveHealthIndicator {

    private final PostgresSubscriptions engine;
    private final EventStoreProperties.Health settings;

    /**
     * @param engine the store's subscription engine
     * @param settings the threshold, the status to report above it and the timeout
     */
    public SubscriptionsHealthIndicator(PostgresSubscriptions engine, EventStoreProperties.Health settings) {
        super("Event store subscriptions health check failed");
        this.engine = engine;
        this.settings = settings;
    }

    /**
     * @param builder the health to fill in
     * @return lazy; one health after one lag measurement; a failure becomes {@code DOWN}
     */
    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return engine.lag().timeout(settings.timeout()).map(lag -> health(builder, lag, engine.isListening(), engine.subscribers()));
    }

    private Health health(Health.Builder builder, SubscriptionLag lag, boolean listening, int subscribers) {
        long behind = lag.undeliveredEvents() + lag.heldBackEvents();
        builder.withDetail("listening", listening)
                .withDetail("subscribers", subscribers)
                .withDetail("deliveredPosition", lag.deliveredPosition().serialize())
                .withDetail("undeliveredEvents", lag.undeliveredEvents())
                .withDetail("heldBackEvents", lag.heldBackEvents())
                .withDetail("oldestTransactionAge", lag.oldestTransactionAge().toString())
                .withDetail("holders", lag.holders().size());
        if (lag.readerStall() != null) {
            return builder.down().withDetail("readerStall", lag.readerStall().toString()).build();
        }
        if (subscribers > 0 && !listening) {
            return builder.down().withDetail("listener", "not connected").build();
        }
        if (behind > settings.lagThreshold()) {
            return builder.status(LagStatuses.of(settings)).withDetail("lagThreshold", settings.lagThreshold()).build();
        }
        return builder.up().build();
    }
}
