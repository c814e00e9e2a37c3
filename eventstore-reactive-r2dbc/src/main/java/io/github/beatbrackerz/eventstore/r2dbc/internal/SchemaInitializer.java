package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Creates or upgrades the event store's tables in one schema by running the migration scripts
 * shipped under {@code db/eventstore/} (Flyway-compatible names, {@code ${schema}} placeholder).
 *
 * <p>The scripts are idempotent, and they run in one transaction under a transaction-scoped
 * advisory lock keyed by the schema name, so running the initializer twice, or from several
 * processes at once, is safe.
 */
public final class SchemaInitializer {

    /** The migration scripts, in order, as classpath resources. */
    public static final List<String> SCRIPTS = List.of(
            "db/eventstore/V1__eventstore_tables.sql",
            "db/eventstore/V2__upgrade_seed_tables.sql",
            "db/eventstore/V3__eventstore_indexes.sql",
            "db/eventstore/V5__durable_subscriptions.sql");

    private static final Logger LOG = Loggers.getLogger(SchemaInitializer.class);

    private final ConnectionFactory connectionFactory;
    private final SchemaName schema;

    /**
     * @param connectionFactory where to run the scripts
     * @param schema the schema to create or upgrade
     */
    public SchemaInitializer(ConnectionFactory connectionFactory, SchemaName schema) {
        this.connectionFactory = connectionFactory;
        this.schema = schema;
    }

    /**
     * Creates or upgrades the schema. Lazy: nothing happens before subscription.
     *
     * @return completes when the schema is ready; errors with a
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException} when a script fails,
     *     in which case nothing of that run is kept
     */
    public Mono<Void> initialize() {
        return Mono.usingWhen(connectionFactory.create(), this::run, Connection::close)
                .onErrorMap(PostgresErrors::translate)
                .doOnSuccess(ignored -> LOG.debug("event store schema '{}' is ready", schema));
    }

    private Mono<Void> run(Connection connection) {
        Mono<Void> lock = Flux.from(connection
                        .createStatement("SELECT pg_advisory_xact_lock(hashtext($1))::text")
                        .bind("$1", "eventstore-reactive:" + schema.value())
                        .execute())
                .concatMap(result -> result.map(row -> 1))
                .then();
        Mono<Void> scripts = Flux.fromIterable(SCRIPTS)
                .concatMap(script -> Flux.from(connection.createStatement(schema.apply(load(script))).execute())
                        .concatMap(result -> result.getRowsUpdated()))
                .then();
        return Mono.from(connection.beginTransaction())
                .then(lock)
                .then(scripts)
                .then(Mono.from(connection.commitTransaction()))
                .onErrorResume(error -> Mono.from(connection.rollbackTransaction())
                        .onErrorResume(ignored -> Mono.empty())
                        .then(Mono.error(error)));
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
