package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * How a PostgreSQL store offers real-time subscriptions: the one choice {@link
 * R2dbcEventStoreBuilder#subscriptions(SubscriptionMode)} takes. Immutable.
 *
 * <ul>
 *   <li>{@link #listenNotify()} (the default) and its variants: the LISTEN/NOTIFY engine, built by
 *       the store, listening on a dedicated connection and closed with the store;</li>
 *   <li>{@link #engine(PostgresSubscriptions)}: an engine the application created and keeps a
 *       handle on, for example to export {@link PostgresSubscriptions#lag()} as a metric;</li>
 *   <li>{@link #custom(SubscriptionSourceFactory)}: another source;</li>
 *   <li>{@link #disabled()}: no subscriptions (subscribing errors), for example behind Supabase's
 *       transaction-mode pooler without a direct connection for {@code LISTEN}.</li>
 * </ul>
 * In every mode but {@code disabled}, the store tells the source about each append it makes.
 */
public final class SubscriptionMode {

    private static final SubscriptionMode DISABLED = new SubscriptionMode(null);
    private static final SubscriptionMode LISTEN_NOTIFY = listenNotify(SubscriptionOptions.defaults());

    private final @Nullable SubscriptionSourceFactory factory;

    private SubscriptionMode(@Nullable SubscriptionSourceFactory factory) {
        this.factory = factory;
    }

    /** @return no real-time subscriptions: {@code subscribeToSignals} and {@code subscribeFrom} error */
    public static SubscriptionMode disabled() {
        return DISABLED;
    }

    /**
     * @return the LISTEN/NOTIFY engine with default options, listening on a connection from the
     *     store's pool's underlying (unpooled) factory
     */
    public static SubscriptionMode listenNotify() {
        return LISTEN_NOTIFY;
    }

    /**
     * @param options the engine's tuning (poll interval, buffers, timeouts, reconnects)
     * @return the LISTEN/NOTIFY engine, listening on a connection from the store's pool's underlying factory
     */
    public static SubscriptionMode listenNotify(SubscriptionOptions options) {
        Require.notNull("subscriptionOptions", options);
        return new SubscriptionMode((connections, schema) -> PostgresSubscriptions.create(connections, unpooled(connections), schema, options));
    }

    /**
     * The LISTEN/NOTIFY engine listening on its own factory: needed when the store's connection
     * factory goes through Supabase's transaction-mode pooler, which does not support {@code LISTEN}.
     *
     * @param options the engine's tuning
     * @param listener an unpooled r2dbc-postgresql factory on a direct or session-mode connection
     * @return the mode
     * @throws ValidationException if an argument is null
     */
    public static SubscriptionMode listenNotify(SubscriptionOptions options, ConnectionFactory listener) {
        Require.notNull("subscriptionOptions", options);
        Require.notNull("listener", listener);
        return new SubscriptionMode((connections, schema) -> PostgresSubscriptions.create(connections, listener, schema, options));
    }

    /**
     * An engine created with {@link PostgresSubscriptions#create} for this store's schema. The store
     * tells it about appends and closes it when it is closed.
     *
     * @param engine the engine
     * @return the mode; the store's {@code build()} throws {@link ValidationException} (field {@code
     *     subscriptions}) if the engine's schema is not the store's
     * @throws ValidationException if the engine is null
     */
    public static SubscriptionMode engine(PostgresSubscriptions engine) {
        Require.notNull("subscriptions", engine);
        return new SubscriptionMode((connections, schema) -> {
            if (!engine.schema().equals(schema)) {
                throw new ValidationException("subscriptions", "listens on schema '" + engine.schema() + "' but the store uses '" + schema + "'");
            }
            return engine;
        });
    }

    /**
     * @param factory creates another subscription source for the store
     * @return the mode
     * @throws ValidationException if the factory is null
     */
    public static SubscriptionMode custom(SubscriptionSourceFactory factory) {
        return new SubscriptionMode(Require.notNull("subscriptionSource", factory));
    }

    /** Creates the source for a store; {@code null} when disabled. Does no I/O. */
    @Nullable EventSubscriptionSource create(ConnectionFactory connections, String schema) {
        return factory == null ? null : factory.create(connections, schema);
    }

    private static ConnectionFactory unpooled(ConnectionFactory connectionFactory) {
        return connectionFactory instanceof ConnectionPool pool ? pool.unwrap() : connectionFactory;
    }
}
