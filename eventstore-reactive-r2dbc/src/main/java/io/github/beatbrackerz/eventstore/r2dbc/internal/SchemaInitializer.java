package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.retry.Retry;

/**
 * Creates or upgrades the event store's tables in one schema by running the migration scripts
 * shipped under {@code db/eventstore/} (Flyway-compatible names, {@code ${schema}} placeholder).
 *
 * <p>The scripts are idempotent, and they run in one transaction under a transaction-scoped
 * advisory lock keyed by the schema name, so running the initializer twice, or from several
 * processes at once, is safe. A schema whose {@code schema_version} says it has had every script
 * (written after the scripts, in their transaction) gets none of them again: a start on a current
 * schema takes no table lock, so it neither stalls nor deadlocks the appends of instances already
 * running (re-running the scripts locked {@code events} against writes and {@code
 * aggregate_sequences} entirely, in that order, while an append locks them the other way round).
 * A schema recorded at a higher version than this library knows is left alone too. When the
 * scripts do run (a new schema, or an upgrade), each waits at most a second for a table lock: a
 * DDL statement waiting for its lock would queue every append behind it, so the run gives way
 * instead (rolls back) and tries again with back-off, for about two minutes, before it fails with
 * the retryable lock error. Afterwards it checks the {@link TransactionHorizon}: a database
 * moved to another cluster is refused until its positions are rebased ({@link PositionRebase}).
 */
public final class SchemaInitializer {

    /** The migration scripts, in order, as classpath resources. */
    public static final List<String> SCRIPTS = List.of(
            "db/eventstore/V1__eventstore_tables.sql",
            "db/eventstore/V2__upgrade_seed_tables.sql",
            "db/eventstore/V3__eventstore_indexes.sql",
            "db/eventstore/V4__position_rebases.sql",
            "db/eventstore/V5__durable_subscriptions.sql",
            "db/eventstore/V6__cache_epoch.sql",
            "db/eventstore/V7__correlation_index.sql",
            "db/eventstore/V8__stream_lifecycle.sql",
            "db/eventstore/V9__schema_version.sql");

    /**
     * The scripts' texts, read once when the class initialises (on the thread that first builds an
     * initializer), never inside the pipeline: that runs on the driver's event loop, where a
     * classpath read is blocking I/O.
     */
    private static final List<String> SCRIPT_TEXTS = SCRIPTS.stream().map(SchemaInitializer::load).toList();

    private static final Logger LOG = Loggers.getLogger(SchemaInitializer.class);

    /** How long a script waits for a table lock before the run gives way and tries again. */
    static final Duration SCRIPT_LOCK_TIMEOUT = Duration.ofSeconds(1);
    /** How many times a run that gave way is tried again (with back-off from 200 ms to 5 s: about two minutes). */
    static final int SCRIPT_LOCK_ATTEMPTS = 30;

    private final ConnectionFactory connectionFactory;
    private final SchemaName schema;
    private final Duration scriptLockTimeout;
    /** {@link #scriptLockTimeout} as a {@code lock_timeout} value, bound as a parameter. */
    private final String scriptLockTimeoutSetting;
    private final int scriptLockAttempts;

    /**
     * @param connectionFactory where to run the scripts
     * @param schema the schema to create or upgrade
     */
    public SchemaInitializer(ConnectionFactory connectionFactory, SchemaName schema) {
        this(connectionFactory, schema, SCRIPT_LOCK_TIMEOUT, SCRIPT_LOCK_ATTEMPTS);
    }

    /** For tests: another lock wait per script run, and how often to try again. */
    SchemaInitializer(ConnectionFactory connectionFactory, SchemaName schema, Duration scriptLockTimeout, int scriptLockAttempts) {
        this.connectionFactory = connectionFactory;
        this.schema = schema;
        this.scriptLockTimeout = scriptLockTimeout;
        this.scriptLockTimeoutSetting = scriptLockTimeout.toMillis() + "ms";
        this.scriptLockAttempts = scriptLockAttempts;
    }

    /**
     * Creates or upgrades the schema, then checks the stored transaction ids. Lazy: nothing
     * happens before subscription.
     *
     * @return completes when the schema is ready; errors with a
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException} when a script fails,
     *     in which case nothing of that run is kept, or, with the schema upgraded, with a
     *     {@link io.github.beatbrackerz.eventstore.error.PositionRebaseRequiredException} when stored
     *     transaction ids lie at or above the database's transaction counter
     */
    public Mono<Void> initialize() {
        return migrated(connection -> Mono.just(Boolean.TRUE))
                .doOnSuccess(ignored -> LOG.debug("event store schema '{}' is ready", schema))
                .then(new TransactionHorizon(connectionFactory, schema).verify());
    }

    /**
     * Runs the migrations, then gives the store a new random cache epoch ({@code cache_epoch}):
     * every verified cached read that fetches it afterwards clears the event cache once and moves it
     * to the new epoch. Lazy.
     *
     * @return the new epoch once committed; errors with a
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException} after rolling back
     */
    public Mono<String> rotateCacheEpoch() {
        String rotate = "UPDATE " + schema.table("cache_epoch") + " SET epoch = gen_random_uuid()::text RETURNING epoch";
        return migrated(connection -> R2dbcSql.select(connection, rotate, List.of(), row -> row.get(0, String.class)).next())
                .doOnNext(epoch -> LOG.info("event store schema '{}': cache epoch rotated", schema));
    }

    /**
     * Runs the migrations and then {@code work} in one transaction on one connection, under the
     * schema's advisory lock, so that the work sees the current schema and never runs beside an
     * initializer or another such work. Lazy.
     *
     * @param work what to run in the transaction after the scripts; it must emit one value
     * @param <T> the work's result
     * @return the work's result once committed; errors with a
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException} after rolling back
     */
    <T> Mono<T> migrated(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(connectionFactory.create(), connection -> run(connection, work), Connection::close)
                .retryWhen(Retry.backoff(scriptLockAttempts, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                        .filter(PostgresErrors::isLockNotAvailable)
                        .doBeforeRetry(retry -> LOG.warn("event store schema '{}': a migration script waited {} ms for a table lock that"
                                + " running transactions hold, and gave way so that appends do not queue behind it; trying again ({})",
                                schema, scriptLockTimeout.toMillis(), retry.totalRetries() + 1))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorMap(PostgresErrors::translate);
    }

    private <T> Mono<T> run(Connection connection, Function<Connection, Mono<T>> work) {
        Mono<Void> lock = Flux.from(connection
                        .createStatement("SELECT pg_advisory_xact_lock(hashtext($1))::text")
                        .bind("$1", "eventstore-reactive:" + schema.value())
                        .execute())
                .concatMap(result -> result.map(row -> 1))
                .then();
        // A DDL statement waiting for its lock queues every later append behind it: the scripts wait a bounded
        // time, then the run rolls back and tries again (migrated()); the session's own setting returns for the work.
        String setLockTimeout = "SELECT set_config('lock_timeout', $1, true)";
        Mono<Void> scripts = R2dbcSql.select(connection, "SELECT current_setting('lock_timeout')", List.of(), row -> row.get(0, String.class)).next()
                .flatMap(previous -> R2dbcSql.select(connection, setLockTimeout, List.of(scriptLockTimeoutSetting), row -> 1).then()
                        .then(Flux.fromIterable(SCRIPT_TEXTS)
                                .concatMap(script -> Flux.from(connection.createStatement(schema.apply(script)).execute())
                                        .concatMap(result -> result.getRowsUpdated()))
                                .then())
                        .then(R2dbcSql.select(connection, recordVersion(), List.of(SCRIPTS.size()), row -> 1).then())
                        .then(R2dbcSql.select(connection, setLockTimeout, List.of(previous), row -> 1).then()));
        Mono<Void> migrate = storedVersion(connection)
                .filter(version -> version >= SCRIPTS.size())
                .hasElement()
                .flatMap(current -> current ? Mono.<Void>empty() : scripts);
        return Mono.from(connection.beginTransaction())
                .then(lock)
                .then(migrate)
                .then(Mono.defer(() -> work.apply(connection)))
                .flatMap(result -> Mono.from(connection.commitTransaction()).thenReturn(result))
                .onErrorResume(error -> Mono.from(connection.rollbackTransaction())
                        .onErrorResume(ignored -> Mono.empty())
                        .then(Mono.error(error)));
    }

    /** @return the version recorded in {@code schema_version}; empty when the table or its row is missing */
    private Mono<Integer> storedVersion(Connection connection) {
        String exists = "SELECT to_regclass($1) IS NOT NULL";
        String version = "SELECT version FROM " + schema.table("schema_version");
        return R2dbcSql.select(connection, exists, List.of(schema.table("schema_version")), row -> row.get(0, Boolean.class)).next()
                .filter(Boolean::booleanValue)
                .flatMap(present -> R2dbcSql.select(connection, version, List.of(), row -> row.get(0, Integer.class)).next());
    }

    /** @return the upsert recording that the schema has had the scripts up to {@code $1}; never lowers a higher version */
    private String recordVersion() {
        return "INSERT INTO " + schema.table("schema_version") + " AS v (singleton, version) VALUES (TRUE, $1)"
                + " ON CONFLICT (singleton) DO UPDATE SET version = greatest(v.version, EXCLUDED.version) RETURNING version";
    }

    /**
     * Reads a migration script from the classpath.
     *
     * @param resource the resource path, one of {@link #SCRIPTS}
     * @return its text, with the {@code ${schema}} placeholder still in place
     */
    public static String load(String resource) {
        try (InputStream in = SchemaInitializer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
