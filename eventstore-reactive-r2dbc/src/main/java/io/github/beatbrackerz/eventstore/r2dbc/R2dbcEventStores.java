package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Entry points of the PostgreSQL event store: {@link #builder(ConnectionFactory)} for an
 * application's own {@code ConnectionFactory}, {@link #connect(String)} for a quick start from a
 * URL.
 *
 * <pre>{@code
 * R2dbcEventStoreBuilder builder = R2dbcEventStores.connect("r2dbc:postgresql://postgres@localhost:5432/app?schema=es");
 * builder.initializeSchema().block();          // once, at startup (idempotent)
 * EventStore store = builder.build();
 * // ...
 * store.close().block();                       // also disposes the pool connect created
 * }</pre>
 *
 * <p><b>Ownership.</b> What a factory here creates, the store it builds closes; what you pass in
 * (a connection factory, a cache), you close.
 */
public final class R2dbcEventStores {

    private static final Pattern PASSWORD = Pattern.compile("(://[^:/@]+:)[^@]*@");

    private R2dbcEventStores() {
    }

    /**
     * Starts a store over a connection factory. Use an r2dbc-pool {@code ConnectionPool} (or a
     * {@code r2dbc:pool:} URL): every statement borrows a connection for its own duration.
     *
     * @param connectionFactory the connection factory; the store never closes it
     * @return a builder with schema {@code public}, no cache, publisher on and pages of 2,000 events
     * @throws ValidationException (field {@code connectionFactory}) if null
     */
    public static R2dbcEventStoreBuilder builder(ConnectionFactory connectionFactory) {
        return new R2dbcEventStoreBuilder(Require.notNull("connectionFactory", connectionFactory), false);
    }

    /**
     * Starts a store from an R2DBC URL, pooled with r2dbc-pool. Besides the options of the
     * PostgreSQL driver ({@code sslMode}, {@code applicationName}, {@code preparedStatementCacheQueries},
     * {@code connectTimeout}, …) and of r2dbc-pool ({@code maxSize}, {@code initialSize},
     * {@code maxIdleTime}, …) the URL takes the store's options {@code schema} (also the
     * connection's search path), {@code pageSize} and {@code publisher}. Creates the pool but
     * opens no connection. Unless the URL sets {@code acquireRetry}, the pool retries an acquire
     * as many times as it has connections, so that after a server restart or killed backends the
     * dead idle connections are discarded instead of failing the next statements.
     *
     * @param url for example {@code r2dbc:postgresql://postgres@localhost:5432/app?schema=es&maxSize=20}
     * @return a builder over the pool ({@link R2dbcEventStoreBuilder#connectionFactory()}); the store it builds owns
     *     the pool and disposes it in {@link io.github.beatbrackerz.eventstore.EventStore#close()}
     * @throws ValidationException naming an unknown option or a malformed value
     */
    public static R2dbcEventStoreBuilder connect(String url) {
        UrlOptions parsed = UrlOptions.parse(url);
        ConnectionFactory pool;
        try {
            pool = ConnectionFactories.get(parsed.driverUrl());
        } catch (RuntimeException e) {
            throw new ValidationException("url", "cannot be used: " + PASSWORD.matcher(String.valueOf(e.getMessage())).replaceAll("$1***@"));
        }
        R2dbcEventStoreBuilder builder = new R2dbcEventStoreBuilder(pool, true);
        Map<String, String> options = parsed.options();
        if (options.containsKey("schema")) {
            builder.schema(options.get("schema"));
        }
        if (options.containsKey("pageSize")) {
            builder.pageSize(Integer.parseInt(options.get("pageSize")));
        }
        if (options.containsKey("publisher") && !Boolean.parseBoolean(options.get("publisher"))) {
            builder.subscriptions(SubscriptionMode.disabled());
        }
        return builder;
    }
}
