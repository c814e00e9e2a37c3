package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentStatus;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A durable subscription store on a fresh schema of the test database, and helpers its tests share. */
final class DurableFixture {

    static final Duration LONG_LEASE = Duration.ofSeconds(60);
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final PostgresTestDatabase db;
    final String schema;
    final DurableSubscriptionStore store;

    DurableFixture(PostgresTestDatabase db) {
        this.db = db;
        this.schema = db.newSchema(true);
        this.store = store(db.connectionFactory());
    }

    /** @return a store over another connection factory, on this fixture's schema */
    DurableSubscriptionStore store(ConnectionFactory connections) {
        return new DurableSubscriptionStore(connections, new SchemaName(schema));
    }

    SubscriptionRegistry registry() {
        return store.registry();
    }

    SegmentLeases leases() {
        return store.leases();
    }

    /** Registers a subscription starting at the beginning. */
    void register(String name, int segments) {
        registry().register(name, segments, Position.BEGINNING).block(TIMEOUT);
    }

    /** @return the leases claimed, with a long lease time */
    List<Lease> claim(String name, String owner, int max) {
        return leases().claim(name, owner, LONG_LEASE, max).collectList().block(TIMEOUT);
    }

    /** @return the status rows of a subscription */
    List<SegmentStatus> status(String name) {
        return registry().status(name).collectList().block(TIMEOUT);
    }

    /** @return how many segments each owner holds right now */
    Map<String, Long> heldPerOwner(String name) {
        return status(name).stream().filter(SegmentStatus::leaseHeld)
                .collect(Collectors.groupingBy(s -> String.valueOf(s.owner()), Collectors.counting()));
    }

    /**
     * Runs work in a transaction on a new pooled connection: commits when it completes, rolls back
     * when it errors (the error is passed on), and closes the connection in both cases.
     */
    <T> Mono<T> inTransaction(Function<Connection, Mono<T>> work) {
        return inTransaction(db.connectionFactory(), work);
    }

    static <T> Mono<T> inTransaction(ConnectionFactory connections, Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(connections.create(),
                connection -> Mono.from(connection.beginTransaction()).then(work.apply(connection)),
                connection -> Mono.from(connection.commitTransaction()).then(Mono.from(connection.close())),
                (connection, error) -> Mono.from(connection.rollbackTransaction()).onErrorResume(ignored -> Mono.empty())
                        .then(Mono.from(connection.close())),
                connection -> Mono.from(connection.rollbackTransaction()).then(Mono.from(connection.close())));
    }

    /** Runs SQL text with parameters on a connection, inside whatever transaction it has. */
    static Mono<Long> execute(Connection connection, String sql, Object... args) {
        return Flux.defer(() -> {
            var statement = connection.createStatement(sql);
            for (int i = 0; i < args.length; i++) {
                statement.bind(i, args[i]);
            }
            return statement.execute();
        }).concatMap(result -> result.getRowsUpdated()).reduce(0L, Long::sum);
    }

    /** @return a one-column query's values, with the fixture's schema in place of {@code ${schema}} */
    <T> List<T> column(String sql, Class<T> type) {
        return db.column(sql.replace("${schema}", schema), type).collectList().block(TIMEOUT);
    }
}
