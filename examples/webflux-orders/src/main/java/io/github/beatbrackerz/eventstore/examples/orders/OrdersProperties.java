package io.github.beatbrackerz.eventstore.examples.orders;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's settings, bound from {@code orders.*} properties or {@code ORDERS_*} variables.
 *
 * @param r2dbcUrl the store's R2DBC URL ({@code orders.r2dbc-url}); falls back to the
 *     {@code EVENTSTORE_R2DBC_URL} variable, and to an embedded PostgreSQL when neither is set
 * @param redisUrl the Redis cache's URI ({@code orders.redis-url}); falls back to the
 *     {@code EVENTSTORE_REDIS_URL} variable, and to no cache when neither is set
 * @param redisKeyPrefix the prefix of every key the cache writes
 * @param snapshotInterval a snapshot is stored whenever an order's version reaches a multiple of this
 * @param sseHeartbeat how often an idle event stream sends a comment, so proxies keep it open
 */
@ConfigurationProperties("orders")
public record OrdersProperties(
        @Nullable String r2dbcUrl,
        @Nullable String redisUrl,
        @DefaultValue("es:") String redisKeyPrefix,
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
