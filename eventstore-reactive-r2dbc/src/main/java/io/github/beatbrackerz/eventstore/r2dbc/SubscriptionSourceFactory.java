package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.r2dbc.spi.ConnectionFactory;

/**
 * Creates a custom subscription source for a PostgreSQL store: pass one to {@link
 * SubscriptionMode#custom(SubscriptionSourceFactory)}. The store tells the source about its
 * appends through {@link EventSubscriptionSource#appended} and closes it with the store.
 */
@FunctionalInterface
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
}
