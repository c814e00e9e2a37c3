package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * The default subscription source of a PostgreSQL store: the LISTEN/NOTIFY engine, listening on
 * a dedicated connection from the pool's underlying factory (or from an explicitly given one), and
 * notifying after every append.
 */
final class ListenNotifySubscriptionFactory implements SubscriptionSourceFactory {

    private final SubscriptionOptions options;
    private final @Nullable ConnectionFactory listener;

    ListenNotifySubscriptionFactory(SubscriptionOptions options, @Nullable ConnectionFactory listener) {
        this.options = options;
        this.listener = listener;
    }

    @Override
    public EventSubscriptionSource create(ConnectionFactory connectionFactory, String schema) {
        ConnectionFactory listenOn = listener != null ? listener : unpooled(connectionFactory);
        return PostgresSubscriptions.create(connectionFactory, listenOn, schema, options);
    }

    @Override
    public Runnable afterAppend(EventSubscriptionSource source) {
        return ((PostgresSubscriptions) source)::appended;
    }

    private static ConnectionFactory unpooled(ConnectionFactory connectionFactory) {
        return connectionFactory instanceof ConnectionPool pool ? pool.unwrap() : connectionFactory;
    }
}
