package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import redis.embedded.RedisServer;

/**
 * Where the benchmark's PostgreSQL and Redis come from, in the project's order: system property
 * ({@code eventstore.bench.r2dbc.url}, {@code eventstore.bench.redis.url}, set for JMH forks),
 * then {@code EVENTSTORE_BENCH_*_URL}, then {@code EVENTSTORE_TEST_*_URL}, else embedded
 * servers started here. Hands out one shared pool and schemas of its own, dropped on close.
 */
public final class BenchServers implements AutoCloseable {

    /** System property naming the PostgreSQL R2DBC URL. */
    public static final String R2DBC_PROPERTY = "eventstore.bench.r2dbc.url";
    /** System property naming the Redis URI. */
    public static final String REDIS_PROPERTY = "eventstore.bench.redis.url";

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final String r2dbcUrl;
    private final String redisUrl;
    private final ConnectionPool pool;
    private final List<String> schemas = new ArrayList<>();
    private final @Nullable EmbeddedPostgres embeddedPostgres;
    private final @Nullable RedisServer embeddedRedis;

    private BenchServers(String r2dbcUrl, String redisUrl, @Nullable EmbeddedPostgres postgres, @Nullable RedisServer redis) {
        this.r2dbcUrl = r2dbcUrl;
        this.redisUrl = redisUrl;
        this.embeddedPostgres = postgres;
        this.embeddedRedis = redis;
        this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(r2dbcUrl))
                .initialSize(0)
                .maxSize(20)
                .maxAcquireTime(Duration.ofSeconds(60))
                .build());
    }

    /** @return servers resolved from properties, environment or embedded fallbacks */
    public static BenchServers start() {
        return start(configured(R2DBC_PROPERTY, "EVENTSTORE_BENCH_R2DBC_URL", "EVENTSTORE_TEST_R2DBC_URL"),
                configured(REDIS_PROPERTY, "EVENTSTORE_BENCH_REDIS_URL", "EVENTSTORE_TEST_REDIS_URL"));
    }

    /**
     * @param r2dbcUrl a PostgreSQL R2DBC URL, or {@code null} for an embedded PostgreSQL
     * @param redisUrl a Redis URI, or {@code null} for an embedded Redis
     * @return the servers
     */
    public static BenchServers start(@Nullable String r2dbcUrl, @Nullable String redisUrl) {
        EmbeddedPostgres postgres = null;
        RedisServer redis = null;
        try {
            if (r2dbcUrl == null) {
                postgres = EmbeddedPostgres.builder().start();
                r2dbcUrl = "r2dbc:postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
            }
            if (redisUrl == null) {
                int port = freePort();
                redis = new RedisServer(port);
                redis.start();
                redisUrl = "redis://127.0.0.1:" + port;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded server", e);
        }
        return new BenchServers(r2dbcUrl, redisUrl, postgres, redis);
    }

    /** @return the PostgreSQL URL in use */
    public String r2dbcUrl() {
        return r2dbcUrl;
    }

    /** @return the Redis URI in use */
    public String redisUrl() {
        return redisUrl;
    }

    /** @return the shared pool (20 connections) every library store and baseline of a run uses */
    public ConnectionPool pool() {
        return pool;
    }

    /**
     * Creates a schema of its own with the event store's tables, dropped on {@link #close()}.
     *
     * @param label a short label, part of the name
     * @return the schema name
     */
    public String newSchema(String label) {
        String name = ("bench_" + label + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        schemas.add(name);
        execute("CREATE SCHEMA " + name).then(R2dbcEventStores.builder(pool).schema(name).initializeSchema()).block(TIMEOUT);
        return name;
    }

    /**
     * Creates an empty schema of its own, dropped on {@link #close()}, for tables that are not the event store's
     * (the Axon peer's).
     *
     * @param label a short label, part of the name
     * @return the schema name
     */
    public String newEmptySchema(String label) {
        String name = ("bench_" + label + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        schemas.add(name);
        execute("CREATE SCHEMA " + name).block(TIMEOUT);
        return name;
    }

    /**
     * Runs SQL text without parameters.
     *
     * @param sql one or more statements
     * @return completes when done
     */
    public Mono<Void> execute(String sql) {
        return Mono.usingWhen(pool.create(),
                c -> Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated()).then(),
                Connection::close);
    }

    /**
     * @param sql a query with one {@code bigint} or {@code text} column and one row
     * @return its value as text
     */
    public String queryText(String sql) {
        return Mono.usingWhen(pool.create(),
                c -> Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.map(row -> String.valueOf(row.get(0)))).next(),
                Connection::close).blockOptional(TIMEOUT).orElse("");
    }

    @Override
    public void close() {
        Flux.fromIterable(schemas).concatMap(s -> execute("DROP SCHEMA IF EXISTS " + s + " CASCADE")).then()
                .onErrorResume(e -> Mono.empty()).block(TIMEOUT);
        pool.disposeLater().block(Duration.ofSeconds(30));
        try {
            if (embeddedPostgres != null) {
                embeddedPostgres.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (embeddedRedis != null) {
                stopQuietly(embeddedRedis);
            }
        }
    }

    private static void stopQuietly(RedisServer redis) {
        try {
            redis.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static @Nullable String configured(String property, String... variables) {
        String value = System.getProperty(property);
        if (value != null && !value.isBlank()) {
            return value;
        }
        for (String variable : variables) {
            String env = System.getenv(variable);
            if (env != null && !env.isBlank()) {
                return env;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
