package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** Runs work in a transaction on a connection borrowed for it. */
public final class Transactions {

    private Transactions() {
    }

    /**
     * Begins a transaction, runs {@code work}, commits when it completes and rolls back when it
     * errors (passing the error on). A cancelled transaction's connection is discarded: its
     * conversation was abandoned. Lazy.
     *
     * @param connections where to borrow the connection
     * @param work what to run in the transaction; it must emit at most one value
     * @param <T> the work's result
     * @return the work's result once committed; errors with the work's error after rolling back, or a translated commit failure
     */
    public static <T> Mono<T> run(ConnectionFactory connections, Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(connections.create(),
                connection -> Mono.from(connection.beginTransaction()).onErrorMap(PostgresErrors::translate)
                        .then(Mono.defer(() -> work.apply(connection))),
                Transactions::commit,
                (connection, error) -> rollback(connection),
                ConnectionRelease::discard);
    }

    private static Mono<Void> commit(Connection connection) {
        // once the commit succeeded, a failing close must not report the batch as failed: it would be applied again
        return Mono.from(connection.commitTransaction())
                .onErrorResume(error -> ConnectionRelease.discard(connection).then(Mono.error(PostgresErrors.translate(error))))
                .then(Mono.from(connection.close()).onErrorResume(error -> Mono.empty()));
    }

    private static Mono<Void> rollback(Connection connection) {
        return Mono.from(connection.rollbackTransaction())
                .then(Mono.from(connection.close()))
                .onErrorResume(error -> ConnectionRelease.discard(connection));
    }
}
