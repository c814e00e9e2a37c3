package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.cache.NoOpCache;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcEventRepository;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSequenceRepository;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSnapshotRepository;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSql;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaInitializer;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Configures and builds a PostgreSQL-backed {@link EventStore}. Obtain one from
 * {@link R2dbcEventStores}. Setters validate at once; {@link #build()} does no I/O. Not
 * thread-safe.
 *
 * <p>Behind Supabase's transaction-mode pooler (port 6543) use a URL or
 * {@code PostgresqlConnectionConfiguration} with {@code preparedStatementCacheQueries=0}, and
 * {@link #publisher(boolean) publisher(false)} unless a subscription source gets a direct or
 * session-mode connection: that pooler supports neither prepared-statement caching nor
 * {@code LISTEN}.
 */
public final class R2dbcEventStoreBuilder {

    /** The default rows per keyset page of a streamed query. */
    public static final int DEFAULT_PAGE_SIZE = 2_000;

    private final ConnectionFactory connectionFactory;
    private SchemaName schema = SchemaName.PUBLIC;
    private EventCache cache = NoOpCache.instance();
    private boolean publisher = true;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private EventStoreOptions options = EventStoreOptions.defaults();
    private ObjectMapper jsonMapper = JsonMapper.shared();
    private @Nullable SubscriptionSourceFactory subscriptions;
    private SubscriptionOptions subscriptionOptions = SubscriptionOptions.defaults();
    private @Nullable ConnectionFactory listenerConnectionFactory;

    R2dbcEventStoreBuilder(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /**
     * @param schema the schema holding {@code events}, {@code aggregate_sequences} and {@code snapshots}
     * @return this builder
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code schema})
     *     unless it matches {@code [a-z_][a-z0-9_]{0,62}}
     */
    public R2dbcEventStoreBuilder schema(String schema) {
        this.schema = new SchemaName(schema);
        return this;
    }

    /** @param cache the cache ({@code NoOpCache} by default) @return this builder */
    public R2dbcEventStoreBuilder cache(EventCache cache) {
        this.cache = Require.notNull("cache", cache);
        return this;
    }

    /**
     * @param enabled whether the store offers real-time subscriptions (the LISTEN/NOTIFY engine
     *     unless {@link #subscriptionSource(SubscriptionSourceFactory)} gives another); {@code true} by default
     * @return this builder
     */
    public R2dbcEventStoreBuilder publisher(boolean enabled) {
        this.publisher = enabled;
        return this;
    }

    /**
     * @param rows rows per keyset page when streaming queries and replays, 1 to 100,000
     * @return this builder
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code pageSize}) if out of range
     */
    public R2dbcEventStoreBuilder pageSize(int rows) {
        this.pageSize = Require.between("pageSize", rows, 1, 100_000);
        return this;
    }

    /** @param options the service's limits and cache behaviour @return this builder */
    public R2dbcEventStoreBuilder eventStoreOptions(EventStoreOptions options) {
        this.options = Require.notNull("eventStoreOptions", options);
        return this;
    }

    /** @param mapper the Jackson mapper for snapshot states and typed conversion @return this builder */
    public R2dbcEventStoreBuilder jsonMapper(ObjectMapper mapper) {
        this.jsonMapper = Require.notNull("jsonMapper", mapper);
        return this;
    }

    /**
     * Plugs in real-time delivery (the LISTEN/NOTIFY engine). Used only while
     * {@link #publisher(boolean)} is on.
     *
     * @param factory creates the source and its post-commit hook
     * @return this builder
     */
    public R2dbcEventStoreBuilder subscriptionSource(SubscriptionSourceFactory factory) {
        this.subscriptions = Require.notNull("subscriptionSource", factory);
        return this;
    }

    /**
     * Uses an engine created with {@link PostgresSubscriptions#create} for real-time delivery, so
     * that the application keeps a handle on it, for example to export {@link
     * PostgresSubscriptions#lag()} as a metric. The store notifies it after every append; closing
     * the store closes it. Used only while {@link #publisher(boolean)} is on.
     *
     * @param engine the engine, created for this builder's schema
     * @return this builder
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code subscriptions})
     *     if null; {@link #build()} throws the same if the engine's schema is not the store's
     */
    public R2dbcEventStoreBuilder subscriptions(PostgresSubscriptions engine) {
        Require.notNull("subscriptions", engine);
        return subscriptionSource(new SubscriptionSourceFactory() {
            @Override
            public EventSubscriptionSource create(ConnectionFactory ignored, String storeSchema) {
                if (!engine.schema().equals(storeSchema)) {
                    throw new ValidationException("subscriptions", "listens on schema '" + engine.schema()
                            + "' but the store uses '" + storeSchema + "'");
                }
                return engine;
            }

            @Override
            public Runnable afterAppend(EventSubscriptionSource source) {
                return engine::appended;
            }
        });
    }

    /**
     * Tunes the default LISTEN/NOTIFY subscription engine (poll interval, buffers, reconnects).
     *
     * @param options the engine's options
     * @return this builder
     */
    public R2dbcEventStoreBuilder subscriptionOptions(SubscriptionOptions options) {
        this.subscriptionOptions = Require.notNull("subscriptionOptions", options);
        return this;
    }

    /**
     * Gives the default subscription engine its own connections for {@code LISTEN}: an unpooled
     * r2dbc-postgresql factory on a direct or session-mode connection. Needed when the store's
     * connection factory goes through Supabase's transaction-mode pooler; by default the engine
     * listens on the store's pool's underlying factory.
     *
     * @param listener an unpooled {@code PostgresqlConnectionFactory}
     * @return this builder
     */
    public R2dbcEventStoreBuilder listenerConnectionFactory(ConnectionFactory listener) {
        this.listenerConnectionFactory = Require.notNull("listenerConnectionFactory", listener);
        return this;
    }

    /** @return the connection factory the store uses */
    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /**
     * Creates the tables in the configured schema, or upgrades the TypeScript library's tables in
     * place. Lazy; idempotent and safe to run concurrently (advisory lock). The same SQL ships as
     * Flyway-compatible resources under {@code db/eventstore/} with a {@code ${schema}} placeholder.
     *
     * @return completes when the schema is ready; errors with a
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException}, leaving nothing half done
     */
    public Mono<Void> initializeSchema() {
        return new SchemaInitializer(connectionFactory, schema).initialize();
    }

    /**
     * Builds the store. Does no I/O; connections are borrowed per statement.
     *
     * @return the store
     */
    public EventStore build() {
        R2dbcSql sql = new R2dbcSql(connectionFactory);
        SubscriptionSourceFactory factory = subscriptions != null
                ? subscriptions
                : new ListenNotifySubscriptionFactory(subscriptionOptions, listenerConnectionFactory);
        EventSubscriptionSource source = publisher ? factory.create(connectionFactory, schema.value()) : null;
        Runnable afterAppend = source != null ? factory.afterAppend(source) : () -> { };
        return EventStore.builder()
                .eventRepository(new R2dbcEventRepository(sql, schema, pageSize, afterAppend))
                .sequenceRepository(new R2dbcSequenceRepository(sql, schema))
                .snapshotRepository(new R2dbcSnapshotRepository(sql, schema))
                .subscriptionSource(source)
                .cache(cache)
                .options(options)
                .jsonMapper(jsonMapper)
                .build();
    }
}
