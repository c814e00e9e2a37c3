package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.cache.NoOpCache;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.r2dbc.internal.PositionRebase;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcEventRepository;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSequenceRepository;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSnapshotRepository;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSql;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaInitializer;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.ConnectionFactory;
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
 * {@link SubscriptionMode#listenNotify(SubscriptionOptions, ConnectionFactory)} with a direct or
 * session-mode connection for {@code LISTEN} (or {@link SubscriptionMode#disabled()}): that pooler
 * supports neither prepared-statement caching nor {@code LISTEN}.
 */
public final class R2dbcEventStoreBuilder {

    /** The default rows per keyset page of a streamed query. */
    public static final int DEFAULT_PAGE_SIZE = 2_000;

    /** Append statements at once before concurrent appends are coalesced, by default ({@link #coalesceAppends}). */
    public static final int DEFAULT_APPEND_STATEMENTS_IN_FLIGHT = 2;

    /** Appends that may wait to be coalesced, by default ({@link #coalesceAppends}). */
    public static final int DEFAULT_MAX_QUEUED_APPENDS = 10_000;

    private final ConnectionFactory connectionFactory;
    private SchemaName schema = SchemaName.PUBLIC;
    private EventCache cache = NoOpCache.instance();
    private int pageSize = DEFAULT_PAGE_SIZE;
    private int coalesceInFlight = DEFAULT_APPEND_STATEMENTS_IN_FLIGHT;
    private int coalesceQueue = DEFAULT_MAX_QUEUED_APPENDS;
    private EventStoreOptions options = EventStoreOptions.defaults();
    private ObjectMapper jsonMapper = JsonMapper.shared();
    private SubscriptionMode subscriptions = SubscriptionMode.listenNotify();
    private Upcasters upcasters = Upcasters.none();
    private final boolean ownsConnectionFactory;

    R2dbcEventStoreBuilder(ConnectionFactory connectionFactory, boolean ownsConnectionFactory) {
        this.connectionFactory = connectionFactory;
        this.ownsConnectionFactory = ownsConnectionFactory;
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

    /**
     * Sets the cache the service reads through and fills.
     *
     * @param cache the cache ({@code NoOpCache} by default)
     * @return this builder
     */
    public R2dbcEventStoreBuilder cache(EventCache cache) {
        this.cache = Require.notNull("cache", cache);
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

    /**
     * Coalesces concurrent appends (on by default, with {@value #DEFAULT_APPEND_STATEMENTS_IN_FLIGHT} statements in
     * flight and {@value #DEFAULT_MAX_QUEUED_APPENDS} queued): at most {@code statementsInFlight} append statements run
     * at once, and appends that arrive while all of them are busy are sent together, as one statement, when one
     * completes. No timer: a lone caller's append is sent at once. Each append keeps its own semantics (atomic; a
     * conflict or duplicate fails only that append; idempotent retries; gap-free sequence numbers). At most {@code
     * maxQueued} appends wait; more are refused with the retryable {@link AppendQueueFullException}. On by default
     * because, measured against the same store without it, it multiplies concurrent single appends (1.5x with 16
     * callers, 2.1x with 64) and leaves batches and a lone caller's latency within noise (BENCHMARKS.md).
     *
     * @param statementsInFlight append statements at once before appends wait, 1 to 1,000
     * @param maxQueued appends that may wait, 1 to 1,000,000
     * @return this builder
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException if out of range
     */
    public R2dbcEventStoreBuilder coalesceAppends(int statementsInFlight, int maxQueued) {
        this.coalesceInFlight = Require.between("statementsInFlight", statementsInFlight, 1, 1_000);
        this.coalesceQueue = Require.between("maxQueued", maxQueued, 1, 1_000_000);
        return this;
    }

    /**
     * Sends every append as its own statement, as soon as a connection is free, instead of {@linkplain
     * #coalesceAppends coalescing} the appends that wait: for comparisons, or a pool sized for one statement per caller.
     *
     * @return this builder
     */
    public R2dbcEventStoreBuilder withoutAppendCoalescing() {
        this.coalesceInFlight = 0;
        this.coalesceQueue = 0;
        return this;
    }

    /**
     * Sets the service's limits and cache behaviour ({@code EventStoreOptions.defaults()} by default).
     *
     * @param options the service's limits and cache behaviour
     * @return this builder
     */
    public R2dbcEventStoreBuilder eventStoreOptions(EventStoreOptions options) {
        this.options = Require.notNull("eventStoreOptions", options);
        return this;
    }

    /**
     * Sets the Jackson mapper for snapshot states and typed conversion.
     *
     * @param mapper the Jackson mapper for snapshot states and typed conversion
     * @return this builder
     */
    public R2dbcEventStoreBuilder jsonMapper(ObjectMapper mapper) {
        this.jsonMapper = Require.notNull("jsonMapper", mapper);
        return this;
    }

    /**
     * Chooses how the store offers real-time subscriptions: the LISTEN/NOTIFY engine by default
     * ({@link SubscriptionMode#listenNotify()}), with options or its own {@code LISTEN}
     * connection, an engine the application holds, a custom source, or none.
     *
     * @param mode the subscription mode
     * @return this builder
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code subscriptions}) if null
     */
    public R2dbcEventStoreBuilder subscriptions(SubscriptionMode mode) {
        this.subscriptions = Require.notNull("subscriptions", mode);
        return this;
    }

    /**
     * Registers the upcasters that bring stored events to their current schema version on every
     * read path, durable subscriptions over the store included. The cache keeps events as stored,
     * so stores with different upcasters may share one Redis; appends return events as written.
     *
     * @param upcasters the registry ({@code Upcasters.none()} by default)
     * @return this builder
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code upcasters}) if null
     */
    public R2dbcEventStoreBuilder upcasters(Upcasters upcasters) {
        this.upcasters = Require.notNull("upcasters", upcasters);
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
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException}, leaving nothing half done,
     *     or, once the schema is up to date, with a
     *     {@link io.github.beatbrackerz.eventstore.error.PositionRebaseRequiredException} when the
     *     database was moved from another cluster and needs {@link #rebasePositions()}
     */
    public Mono<Void> initializeSchema() {
        return new SchemaInitializer(connectionFactory, schema).initialize();
    }

    /**
     * Rebases stored positions after the database moved to another PostgreSQL cluster. Run it
     * once after a restore from {@code pg_dump}, after a migration by logical replication, or
     * after any other copy to a new cluster, when {@link #initializeSchema()} or a subscription
     * fails with {@link io.github.beatbrackerz.eventstore.error.PositionRebaseRequiredException}:
     * the new cluster's transaction counter lies below the transaction ids stored by the old one.
     * Not needed after {@code pg_upgrade} or a failover to a physical standby, which keep the
     * counter. Stop every writer first (this library's and others, such as the TypeScript one),
     * run it, clear the event cache (cached events carry the old positions), then start again.
     *
     * <p>Every event gets a new transaction id below the counter, in the order subscribers saw
     * before the move, with events written here after the move behind them; new events then order
     * after all of them. The old ids are recorded in the table {@code position_rebases}, so that
     * {@code subscribeFrom} with a checkpoint taken before the move resumes exactly after that
     * event. Global positions, sequence numbers and everything else stay as they are.
     *
     * <p>Lazy. One transaction, after the migrations, under the same advisory lock as
     * {@link #initializeSchema()}; appends wait for it, reads do not. It rewrites every row of the
     * events table, so plan for the time that takes and vacuum afterwards. When the counter leaves
     * too few ids below it, it first consumes the missing ids in tiny transactions of their own
     * (about 100,000 a second). Idempotent: with nothing to rebase it changes nothing.
     *
     * @return how many events got a new position, 0 when none needed one; errors with a
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException} when a statement fails
     *     (then nothing was changed), retryable when a long-running or prepared transaction leaves
     *     too few ids below it
     */
    public Mono<Long> rebasePositions() {
        return new PositionRebase(connectionFactory, schema).run();
    }

    /**
     * Gives the store a new cache epoch, so that every cache entry written before is dropped: run
     * it after PostgreSQL was restored, or after events, streams or tables were deleted or
     * truncated outside the library. The epoch (one row in the table {@code cache_epoch}) comes
     * with the probe every {@link io.github.beatbrackerz.eventstore.CacheConsistency#VERIFIED}
     * cached read makes anyway; the first such read of each store instance that sees the new epoch
     * clears the cache (fenced, like {@code clearCache()}) unless the cache already records it, and
     * serves from storage meanwhile. {@code TRUST_CACHE} reads make no probe and do not see it:
     * call {@code clearCache()} there. The same in SQL:
     * {@code UPDATE <schema>.cache_epoch SET epoch = gen_random_uuid()::text}.
     *
     * <p>Lazy. Runs the migrations first, under the same advisory lock as {@link #initializeSchema()}.
     *
     * @return the new epoch; errors with a
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException} when the statement fails
     */
    public Mono<String> rotateCacheEpoch() {
        return new SchemaInitializer(connectionFactory, schema).rotateCacheEpoch();
    }

    /**
     * Durable subscriptions over a store built by this builder, in the same schema and over the
     * same connection factory. Does no I/O.
     *
     * @param store the store this builder built
     * @return the durable subscriptions
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code store}) if null
     */
    public R2dbcDurableSubscriptions durableSubscriptions(EventStore store) {
        return R2dbcDurableSubscriptions.create(store, connectionFactory, schema.value());
    }

    /**
     * Builds the store. Does no I/O; connections are borrowed per statement. When this builder
     * came from {@link R2dbcEventStores#connect(String)}, the store owns the pool it created and
     * disposes it when closed (close durable subscriptions over it first, and build one store per
     * {@code connect}); a connection factory you passed to {@link R2dbcEventStores#builder} stays
     * yours to close.
     *
     * @return the store
     */
    public EventStore build() {
        R2dbcSql sql = new R2dbcSql(connectionFactory);
        EventSubscriptionSource source = subscriptions.create(connectionFactory, schema.value());
        return EventStore.builder()
                .eventRepository(new R2dbcEventRepository(sql, schema, pageSize, coalesceInFlight, coalesceQueue))
                .sequenceRepository(new R2dbcSequenceRepository(sql, schema))
                .snapshotRepository(new R2dbcSnapshotRepository(sql, schema))
                .subscriptionSource(source)
                .cache(cache)
                .options(options)
                .jsonMapper(jsonMapper)
                .upcasters(upcasters)
                .releaseOnClose(ownsConnectionFactory && connectionFactory instanceof Closeable owned
                        ? Mono.defer(() -> Mono.from(owned.close())) : Mono.empty())
                .build();
    }
}
