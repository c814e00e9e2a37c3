package io.github.beatbrackerz.eventstore.examples.orders;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own settings, bound from {@code orders.*} properties or {@code ORDERS_*}
 * variables. The store's settings are the starter's ({@code eventstore.*}, {@code spring.r2dbc.*},
 * {@code spring.data.redis.*}).
 *
 * @param snapshotInterval a snapshot is stored whenever an order's version reaches a multiple of this
 * @param sseHeartbeat how often an idle event stream sends a comment, so proxies keep it open
 */
@ConfigurationProperties("orders")
public record OrdersProperties(
        @DefaultValue("50") int snapshotInterval,
        @DefaultValue("15s") Duration sseHeartbeat) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the interval or the heartbeat is not positive
     */
    public OrdersProperties {
        if (snapshotInterval < 1) {
            throw new IllegalArgumentException("orders.snapshot-interval must be 1 or more, was " + snapshotInterval);
        }
        if (sseHeartbeat.isNegative() || sseHeartbeat.isZero()) {
            throw new IllegalArgumentException("orders.sse-heartbeat must be positive, was " + sseHeartbeat);
        }
    }
}
