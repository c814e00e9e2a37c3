package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.r2dbc.spi.ConnectionFactory;

/**
 * The seam through which {@link R2dbcEventStores.Builder} plugs real-time delivery into a store:
 * it creates the subscription source for the store's tables and, optionally, the post-commit
 * hook that the append path runs after every successful append (for example a coalesced
 * {@code NOTIFY}).
 */
public interface SubscriptionSourceFactory {

    /**
     * Creates the source. Must not do I/O: connect lazily, on first subscription.
     *
     * @param connectionFactory the store's connection factory (usually an r2dbc-pool
     *     {@code ConnectionPool}; {@code ConnectionPool#unwrap()} gives the direct factory that
     *     {@code LISTEN} needs)
     * @param schema the validated schema name holding the store's tables
     * @return the source
     */
    EventSubscriptionSource create(ConnectionFactory connectionFactory, String schema);

    /**
     * The hook run after every append that wrote, on the driver's thread: it must not block, and
     * its failures are logged, never propagated to the append.
     *
     * @param source the source {@link #create} returned
     * @return the hook; a no-op by default
     */
    default Runnable afterAppend(EventSubscriptionSource source) {
        return () -> { };
    }
}
