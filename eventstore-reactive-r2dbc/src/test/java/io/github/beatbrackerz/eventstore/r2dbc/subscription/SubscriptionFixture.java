package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.r2dbc.test.ServerAddress;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One engine on a fresh schema of the test database, plus a writer that inserts events with plain
 * SQL: the library's per-stream advisory lock, a reservation in {@code aggregate_sequences}, then the insert.
 */
final class SubscriptionFixture {

    final PostgresTestDatabase db;
    final String schema;
    final String applicationName;
    final PostgresSubscriptionEngine engine;

    SubscriptionFixture(PostgresTestDatabase db, SubscriptionOptions options) {
        this(db, options, db.connectionFactory(), null);
    }

    /**
     * An engine reading through the given factories; the writer still writes directly.
     *
     * @param queries the engine's factory for reads and NOTIFY
     * @param listener the engine's LISTEN factory, or {@code null} for a direct one
     */
    SubscriptionFixture(PostgresTestDatabase db, SubscriptionOptions options, ConnectionFactory queries, @Nullable ConnectionFactory listener) {
        this.db = db;
        this.schema = db.newSchema(true);
        this.applicationName = "es-subs-" + UUID.randomUUID().toString().substring(0, 8);
        this.engine = (PostgresSubscriptionEngine) PostgresSubscriptions.create(queries,
                listener != null ? listener : listenerFactory(db.server(), applicationName), schema, options);
    }

    static PostgresqlConnectionFactory listenerFactory(ServerAddress server, String applicationName) {
        return unpooled(server, server.port(), applicationName);
    }

    /** @return an unpooled factory for the server's database and user, on another port (a proxy's) */
    static PostgresqlConnectionFactory unpooled(ServerAddress server, int port, String applicationName) {
        PostgresqlConnectionConfiguration.Builder builder = PostgresqlConnectionConfiguration.builder()
                .host(server.host()).port(port).database(server.database()).username(server.user())
                .applicationName(applicationName).connectTimeout(Duration.ofSeconds(5));
        if (server.password() != null) {
            builder.password(server.password());
        }
        return new PostgresqlConnectionFactory(builder.build());
    }

    /**
     * Appends events to one aggregate in one transaction, optionally holding it open after the
     * inserts, then calls the engine's post-commit hook if asked to.
     *
     * @return the ids written
     */
    Mono<List<UUID>> append(String aggregateId, int count, Duration holdOpen, boolean notify) {
        return append(aggregateId, count, notify, connection -> holdOpen.isZero() ? Mono.empty()
                : rows(connection, "SELECT pg_sleep(" + holdOpen.toMillis() / 1000.0 + ")", Function.identity()));
    }

    /**
     * Appends events to one aggregate in one transaction that commits only when {@code beforeCommit}
     * completes, then calls the engine's post-commit hook if asked to.
     *
     * @return the ids written
     */
    Mono<List<UUID>> append(String aggregateId, int count, boolean notify, Function<Connection, Mono<?>> beforeCommit) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        String reserve = "INSERT INTO " + schema + ".aggregate_sequences AS s (aggregate_id, aggregate_type, last_sequence) VALUES ($1, 'Order', $2)"
                + " ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = s.last_sequence + $2 RETURNING last_sequence";
        String insert = "INSERT INTO " + schema + ".events (id, type, aggregate_id, aggregate_type, sequence_number, payload, created_by)"
                + " SELECT id, 'OrderPlaced', $1, 'Order', $2 + ord - 1, jsonb_build_object('n', $2 + ord - 1), 'test'"
                + " FROM unnest($3::uuid[]) WITH ORDINALITY AS t(id, ord)";
        // The library's per-stream advisory lock, taken before anything is written: it assigns no transaction id, so
        // writers of one stream get transaction ids in sequence order. Writers without it (the TypeScript library) can
        // commit one stream's numbers out of order; README, Guarantees.
        String lock = "SELECT pg_advisory_xact_lock(hashtextextended('Order' || chr(31) || $1, 0))::text";
        Mono<Void> work = Mono.usingWhen(db.connectionFactory().create(), connection -> Mono.from(connection.beginTransaction())
                .then(single(connection, lock, s -> s.bind(0, aggregateId), String.class))
                .then(single(connection, reserve, s -> s.bind(0, aggregateId).bind(1, (long) count), Long.class))
                .flatMap(last -> rows(connection, insert, s -> s.bind(0, aggregateId).bind(1, last - count + 1)
                        .bind(2, ids.toArray(UUID[]::new))))
                .then(beforeCommit.apply(connection))
                .then(Mono.from(connection.commitTransaction())), Connection::close);
        return work.then(Mono.fromRunnable(() -> {
            if (notify) {
                engine.appended(List.of());
            }
        })).thenReturn(ids);
    }

    /** @return every event id in the schema, in commit-safe order */
    List<UUID> storedIds() {
        return db.column("SELECT id FROM " + schema + ".events ORDER BY transaction_id, global_position", UUID.class)
                .collectList().block(Duration.ofSeconds(10));
    }

    /** @return the backend pids of the listener connection(s) */
    List<Integer> listenerPids() {
        return db.column("SELECT pid FROM pg_stat_activity WHERE application_name = '" + applicationName + "'", Integer.class)
                .collectList().block(Duration.ofSeconds(10));
    }

    /** Terminates the listener's backend(s). */
    void killListener() {
        db.terminateBackends(applicationName).block(Duration.ofSeconds(10));
    }

    /** @return whether the engine's shared reader has a position and its LISTEN is up */
    boolean isLive() {
        return engine.isLive();
    }

    private static <T> Mono<T> single(Connection connection, String sql, Function<Statement, Statement> binder, Class<T> type) {
        return Flux.from(binder.apply(connection.createStatement(sql)).execute())
                .concatMap(result -> result.map(row -> row.get(0, type))).single();
    }

    private static Mono<Void> rows(Connection connection, String sql, Function<Statement, Statement> binder) {
        return Flux.from(binder.apply(connection.createStatement(sql)).execute())
                .concatMap(result -> result.getRowsUpdated()).then();
    }
}
