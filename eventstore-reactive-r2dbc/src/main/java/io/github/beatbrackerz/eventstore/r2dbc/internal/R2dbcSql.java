package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs one parameterised statement on a connection borrowed for that statement only, and
 * translates failures through {@link PostgresErrors}. Parameters bind positionally to
 * {@code $1, $2, …}; values are never placed into SQL text.
 */
public final class R2dbcSql {

    private final ConnectionFactory connectionFactory;

    /** @param connectionFactory where statements run, usually a pool */
    public R2dbcSql(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /**
     * Streams the rows of a query. Lazy; the connection is acquired on subscription and released
     * on completion, error or cancellation.
     *
     * @param sql the query
     * @param args the parameters, none of them null
     * @param mapper maps a row
     * @param <T> the element type
     * @return the mapped rows
     */
    public <T> Flux<T> select(String sql, List<?> args, Function<? super Readable, T> mapper) {
        return Flux.usingWhen(connectionFactory.create(),
                        connection -> Flux.from(statement(connection, sql, args).execute()).concatMap(result -> result.map(mapper::apply)),
                        Connection::close)
                .onErrorMap(PostgresErrors::translate);
    }

    /**
     * Runs a data-changing statement.
     *
     * @param sql the statement
     * @param args the parameters, none of them null
     * @return how many rows it changed
     */
    public Mono<Long> update(String sql, List<?> args) {
        return Flux.usingWhen(connectionFactory.create(),
                        connection -> Flux.from(statement(connection, sql, args).execute()).concatMap(result -> result.getRowsUpdated()),
                        Connection::close)
                .reduce(0L, Long::sum)
                .onErrorMap(PostgresErrors::translate);
    }

    /**
     * Runs a data-changing statement on a connection the caller owns, inside whatever transaction
     * the caller has begun there. Lazy; the connection is neither closed nor committed.
     *
     * @param connection the caller's connection
     * @param sql the statement
     * @param args the parameters, none of them null
     * @return how many rows it changed; errors with a translated failure
     */
    public static Mono<Long> update(Connection connection, String sql, List<?> args) {
        return Flux.defer(() -> statement(connection, sql, args).execute())
                .concatMap(result -> result.getRowsUpdated())
                .reduce(0L, Long::sum)
                .onErrorMap(PostgresErrors::translate);
    }

    /**
     * Streams the rows of a statement on a connection the caller owns, inside whatever transaction
     * the caller has begun there. Lazy; the connection is neither closed nor committed.
     *
     * @param connection the caller's connection
     * @param sql the statement
     * @param args the parameters, none of them null
     * @param mapper maps a row
     * @param <T> the element type
     * @return the mapped rows; errors with a translated failure
     */
    public static <T> Flux<T> select(Connection connection, String sql, List<?> args, Function<? super Readable, T> mapper) {
        return Flux.defer(() -> statement(connection, sql, args).execute())
                .concatMap(result -> result.map(mapper::apply))
                .onErrorMap(PostgresErrors::translate);
    }

    /**
     * Runs work in one transaction on a connection borrowed for it ({@link Transactions#run}).
     *
     * @param work the statements, run with {@link #select(Connection, String, List, Function)} and
     *     {@link #update(Connection, String, List)}
     * @param <T> the work's result
     * @return the result once committed; errors after rolling back
     */
    public <T> Mono<T> inTransaction(Function<Connection, Mono<T>> work) {
        return Transactions.run(connectionFactory, work);
    }

    private static Statement statement(Connection connection, String sql, List<?> args) {
        Statement statement = connection.createStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            statement.bind(i, args.get(i));
        }
        return statement;
    }
}
