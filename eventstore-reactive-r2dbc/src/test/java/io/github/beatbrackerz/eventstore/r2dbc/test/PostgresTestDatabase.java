package io.github.beatbrackerz.eventstore.r2dbc.test;

import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaInitializer;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one JUnit 5 extension that owns where the test PostgreSQL comes from, and isolates each
 * test class in a schema of its own.
 *
 * <p>Where the server comes from, in order:
 * <ol>
 *   <li>the environment variable {@code EVENTSTORE_TEST_R2DBC_URL}, for example
 *       {@code r2dbc:postgresql://postgres@127.0.0.1:5432/test};</li>
 *   <li>otherwise Testcontainers ({@code postgres:17-alpine}) when Docker is available;</li>
 *   <li>otherwise an embedded PostgreSQL 17 (io.zonky), started lazily once per JVM.</li>
 * </ol>
 * A test class forces the embedded server with {@link #embedded()}; setting the system property
 * {@value #FORCE_EMBEDDED_PROPERTY}{@code =true} forces it for every class of the JVM. A test class
 * that stops and restarts PostgreSQL takes a dedicated embedded server of its own with {@link
 * #restartable()}, never the shared one.
 *
 * <p>Use it as a static field:
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresTestDatabase DB = PostgresTestDatabase.create();
 * ... DB.connectionFactory(), DB.schema(), DB.acquiredConnections()
 * }</pre>
 * Before the first test of the class it creates a schema named after the class with a random
 * suffix and runs the event store's migrations in it; after the last test it drops every schema
 * it created and disposes the pool. {@link #newSchema(boolean)} gives a further fresh schema.
 */
public final class PostgresTestDatabase implements BeforeAllCallback, AfterAllCallback {

    /** System property that forces the embedded server for every test class in the JVM. */
    public static final String FORCE_EMBEDDED_PROPERTY = "eventstore.test.r2dbc.embedded";

    private static final int POOL_SIZE = 24;

    private final boolean forceEmbedded;
    private final boolean restartable;
    private @Nullable RestartablePostgres dedicated;
    private final List<String> created = new ArrayList<>();
    private @Nullable ServerAddress server;
    private @Nullable ConnectionPool pool;
    private @Nullable String schema;
    private String prefix = "t";
    private final String applicationName = "es-tests-" + UUID.randomUUID().toString().substring(0, 8);

    private PostgresTestDatabase(boolean forceEmbedded, boolean restartable) {
        this.forceEmbedded = forceEmbedded;
        this.restartable = restartable;
    }

    /** @return an extension using the configured server (URL, Testcontainers or embedded) */
    public static PostgresTestDatabase create() {
        return new PostgresTestDatabase(false, false);
    }

    /** @return an extension that always uses the embedded PostgreSQL 17 */
    public static PostgresTestDatabase embedded() {
        return new PostgresTestDatabase(true, false);
    }

    /**
     * @return an extension on a dedicated embedded PostgreSQL 17 started for this class alone, which
     *     the test may stop and start again ({@link #restartableServer()}); it is deleted after the class
     */
    public static PostgresTestDatabase restartable() {
        return new PostgresTestDatabase(true, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        prefix = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (restartable) {
            dedicated = RestartablePostgres.launch();
            server = dedicated.address();
        } else {
            server = forceEmbedded || Boolean.getBoolean(FORCE_EMBEDDED_PROPERTY) ? ServerSources.embedded() : ServerSources.configured();
        }
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(configuration(server, applicationName)))
                .initialSize(0)
                .maxSize(POOL_SIZE)
                // Fault-injection tests kill every backend of this pool; each dead idle connection then fails
                // validation once at the next acquire, so retry past all of them instead of failing the test's own SQL.
                .acquireRetry(POOL_SIZE)
                .maxAcquireTime(Duration.ofSeconds(30))
                .build());
        schema = newSchema(true);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ConnectionPool current = pool;
        if (current == null) {
            return;
        }
        if (dedicated == null) {
            Flux.fromIterable(created).concatMap(name -> execute("DROP SCHEMA IF EXISTS " + name + " CASCADE")).then().block(Duration.ofSeconds(60));
        }
        created.clear();
        current.disposeLater().block(Duration.ofSeconds(30));
        pool = null;
        if (dedicated != null) {
            // the whole server goes, schemas and all
            dedicated.close();
            dedicated = null;
        }
    }

    /**
     * Creates another empty schema, dropped after the class.
     *
     * @param initialize whether to run the event store's migrations in it
     * @return its name
     */
    public String newSchema(boolean initialize) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String name = ("t_" + prefix).substring(0, Math.min(50, prefix.length() + 2)) + "_" + suffix;
        created.add(name);
        Mono<Void> create = execute("CREATE SCHEMA " + name);
        if (initialize) {
            create = create.then(new SchemaInitializer(connectionFactory(), new SchemaName(name)).initialize());
        }
        create.block(Duration.ofSeconds(60));
        return name;
    }

    /** @return the pooled connection factory for this class */
    public ConnectionFactory connectionFactory() {
        return requirePool();
    }

    /** @return the pool, to inspect or to hand to code that disposes nothing */
    public ConnectionPool pool() {
        return requirePool();
    }

    /** @return this class's initialized schema */
    public String schema() {
        if (schema == null) {
            throw new IllegalStateException("PostgresTestDatabase is not started: register it with @RegisterExtension on a static field");
        }
        return schema;
    }

    /** @return how many connections of the pool are acquired right now */
    public int acquiredConnections() {
        return requirePool().getMetrics().map(PoolMetrics::acquiredSize).orElseThrow();
    }

    /**
     * The {@code application_name} of this extension's connections, unique per instance: select
     * by it in {@code pg_stat_activity} so fault injection never touches other test JVMs.
     *
     * @return the application name
     */
    public String applicationName() {
        return applicationName;
    }

    /**
     * A new connection factory for this server outside the pool, with an {@code application_name}
     * of the caller's choice: every {@code create()} opens a new connection, and
     * {@link #terminateBackends(String)} can select them.
     *
     * @param applicationName the application name its connections report
     * @return the unpooled factory
     */
    public ConnectionFactory unpooledConnectionFactory(String applicationName) {
        return new PostgresqlConnectionFactory(configuration(server(), applicationName));
    }

    /**
     * The dedicated server of an extension made with {@link #restartable()}, to stop and start: the
     * pool and every factory of this extension reconnect to the same address once it runs again.
     *
     * @return the server
     * @throws IllegalStateException if this extension was not made with {@link #restartable()} or is not started
     */
    public RestartablePostgres restartableServer() {
        if (dedicated == null) {
            throw new IllegalStateException("not a started PostgresTestDatabase.restartable()");
        }
        return dedicated;
    }

    /** @return the server in use */
    public ServerAddress server() {
        if (server == null) {
            throw new IllegalStateException("PostgresTestDatabase is not started");
        }
        return server;
    }

    /**
     * Runs SQL text (one or more statements, no parameters) on a pooled connection.
     *
     * @param sql the SQL
     * @return completes when done
     */
    public Mono<Void> execute(String sql) {
        return Mono.usingWhen(requirePool().create(),
                connection -> Flux.from(connection.createStatement(sql).execute()).concatMap(result -> result.getRowsUpdated()).then(),
                Connection::close);
    }

    /**
     * Runs SQL text on a new connection outside the pool: for fault injection such as
     * {@code pg_terminate_backend}, which may also kill the pool's idle connections.
     *
     * @param sql the SQL
     * @return completes when done and the connection is closed
     */
    public Mono<Void> executeUnpooled(String sql) {
        ConnectionFactory direct = requirePool().unwrap();
        return Mono.usingWhen(direct.create(),
                connection -> Flux.from(connection.createStatement(sql).execute()).concatMap(result -> result.getRowsUpdated()).then(),
                Connection::close);
    }

    /**
     * Terminates every backend whose {@code application_name} is the given one, from a new
     * connection outside the pool (see {@link #executeUnpooled(String)}). That connection never
     * terminates itself, so {@link #applicationName()} may be passed too.
     *
     * <p>{@code pg_terminate_backend} is only called in the select list, for the rows the
     * {@code WHERE} clause kept: never put it in a {@code WHERE} clause, where the evaluation order
     * is not guaranteed and it could run on other backends. It only signals; the backends may
     * still be listed in {@code pg_stat_activity} for a moment after this completes.
     *
     * @param applicationName the application name to match exactly
     * @return how many backends were signalled
     */
    public Mono<Long> terminateBackends(String applicationName) {
        ConnectionFactory direct = requirePool().unwrap();
        String sql = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()";
        return Mono.usingWhen(direct.create(),
                connection -> Flux.from(connection.createStatement(sql).bind(0, applicationName).execute())
                        .concatMap(result -> result.map(row -> row.get(0, Boolean.class)))
                        .filter(Boolean.TRUE::equals)
                        .count(),
                Connection::close);
    }

    /**
     * Reads one {@code bigint}/{@code integer}/{@code text} column of a query's rows.
     *
     * @param sql a query with one column
     * @param type the column's Java type
     * @param <T> the column's Java type
     * @return the values
     */
    public <T> Flux<T> column(String sql, Class<T> type) {
        return Flux.usingWhen(requirePool().create(),
                connection -> Flux.from(connection.createStatement(sql).execute()).concatMap(result -> result.map(row -> row.get(0, type))),
                Connection::close);
    }

    private ConnectionPool requirePool() {
        if (pool == null) {
            throw new IllegalStateException("PostgresTestDatabase is not started: register it with @RegisterExtension on a static field");
        }
        return pool;
    }

    private static PostgresqlConnectionConfiguration configuration(ServerAddress address, String applicationName) {
        PostgresqlConnectionConfiguration.Builder builder = PostgresqlConnectionConfiguration.builder()
                .host(address.host())
                .port(address.port())
                .database(address.database())
                .username(address.user())
                .applicationName(applicationName);
        if (address.password() != null) {
            builder.password(address.password());
        }
        return builder.build();
    }
}
