package io.github.beatbrackerz.eventstore.examples.orders;

import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionSourceFactory;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;

/**
 * Plugs the LISTEN/NOTIFY engine into the R2DBC store: reads go through the store's pool, LISTEN
 * through one unpooled connection of the same server, and every append sends a coalesced NOTIFY.
 */
final class ListenNotifySubscriptions implements SubscriptionSourceFactory {

    private final SubscriptionOptions options;

    ListenNotifySubscriptions(SubscriptionOptions options) {
        this.options = options;
    }

    @Override
    public EventSubscriptionSource create(ConnectionFactory connectionFactory, String schema) {
        // LISTEN needs a session of its own, so the listener bypasses the pool.
        ConnectionFactory listener = connectionFactory instanceof ConnectionPool pool ? pool.unwrap() : connectionFactory;
        return PostgresSubscriptions.create(connectionFactory, listener, schema, options);
    }

    @Override
    public Runnable afterAppend(EventSubscriptionSource source) {
        return ((PostgresSubscriptions) source)::appended;
    }
}
