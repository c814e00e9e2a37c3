package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.error.StorageException;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Gives stored events new transaction ids below the database's transaction counter, after the
 * database moved to another PostgreSQL cluster (see {@link TransactionHorizon}). The new ids keep
 * the old delivery order, put the events written here after the move behind the moved ones, lie
 * below every running transaction (so new events order after all of them), and are recorded in
 * {@code position_rebases} so that {@link PositionTranslator} can translate old checkpoints.
 *
 * <p>It runs in one transaction, after the migrations, under the initializer's advisory lock,
 * and holds an {@code EXCLUSIVE} lock on {@code events} meanwhile: appends wait, reads go on. It
 * rewrites every row of {@code events}. When the counter leaves too few ids below it, it first
 * consumes the missing ids in tiny transactions of their own (about 100,000 a second) and tries
 * once more. With nothing at or above the counter it changes nothing: running it again is safe.
 */
public final class PositionRebase {

    private static final Logger LOG = Loggers.getLogger(PositionRebase.class);
    private static final long MARGIN = 64;

    private final SchemaInitializer initializer;
    private final ConnectionFactory connectionFactory;
    private final SchemaName schema;
    private final long floor;

    /**
     * @param connectionFactory where to run it
     * @param schema the store's schema
     */
    public PositionRebase(ConnectionFactory connectionFactory, SchemaName schema) {
        this(connectionFactory, schema, 0);
    }

    /** For tests: new ids start above {@code floor} instead of 0, so that they need more room. */
    PositionRebase(ConnectionFactory connectionFactory, SchemaName schema, long floor) {
        this.initializer = new SchemaInitializer(connectionFactory, schema);
        this.connectionFactory = connectionFactory;
        this.schema = schema;
        this.floor = floor;
    }

    /**
     * Rebases. Lazy: nothing happens before subscription.
     *
     * @return how many events got a new transaction id (0 when none needed one); errors with a
     *     {@link StorageException} when a statement fails (nothing is changed then), retryable
     *     when a long-running or prepared transaction leaves too few ids below it
     */
    public Mono<Long> run() {
        return attempt().flatMap(first -> first.missing() == 0 ? Mono.just(first)
                        : advanceCounter(first.missing() + MARGIN).then(attempt()))
                .flatMap(outcome -> outcome.missing() == 0 ? Mono.just(outcome.rebased()) : Mono.error(tooLittleRoom(outcome)));
    }

    private Mono<Outcome> attempt() {
        return initializer.migrated(connection -> execute(connection, RebaseSql.lock(schema))
                .then(single(connection, RebaseSql.horizon(schema), Horizon::of))
                .flatMap(horizon -> horizon.moved() == 0 ? Mono.just(new Outcome(0, 0, horizon, 0)) : rebase(connection, horizon)));
    }

    private Mono<Outcome> rebase(Connection connection, Horizon horizon) {
        return execute(connection, RebaseSql.plan(schema, horizon.xmax()))
                .then(execute(connection, "ANALYZE " + RebaseSql.PLAN))
                .then(single(connection, RebaseSql.planSize(), row -> number(row, "runs")))
                .flatMap(runs -> {
                    long missing = Math.max(0, floor + runs + 1 - horizon.xmin());
                    if (missing > 0) {
                        return Mono.just(new Outcome(0, missing, horizon, runs));
                    }
                    return execute(connection, RebaseSql.record(schema, floor))
                            .then(execute(connection, RebaseSql.apply(schema, floor)))
                            .map(rebased -> new Outcome(rebased, 0, horizon, runs))
                            .doOnNext(outcome -> LOG.info("rebased the positions of {} events in schema '{}' onto {} transaction ids"
                                    + " below the counter {} ({} events had ids at or above it)",
                                    outcome.rebased(), schema, runs, horizon.xmax(), horizon.moved()));
                });
    }

    private Mono<Void> advanceCounter(long transactions) {
        LOG.info("consuming {} transaction ids so that the rebased positions of schema '{}' fit below the counter", transactions, schema);
        return Mono.usingWhen(connectionFactory.create(), connection -> execute(connection, RebaseSql.advanceCounter(transactions)),
                        Connection::close)
                .onErrorMap(PostgresErrors::translate)
                .then();
    }

    private StorageException tooLittleRoom(Outcome outcome) {
        return new StorageException("cannot rebase the positions of schema '" + schema + "' yet: they need " + outcome.runs()
                + " transaction ids below the oldest running transaction, which is at " + outcome.horizon().xmin()
                + "; end long-running and prepared transactions (pg_stat_activity, pg_prepared_xacts) and run it again", null, true);
    }

    private static Mono<Long> execute(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).concatMap(result -> result.getRowsUpdated()).reduce(0L, Long::sum);
    }

    private static <T> Mono<T> single(Connection connection, String sql, Function<Readable, T> mapper) {
        return Flux.from(connection.createStatement(sql).execute()).concatMap(result -> result.map(mapper::apply)).single();
    }

    private static long number(Readable row, String column) {
        return Objects.requireNonNull(row.get(column, Long.class), column);
    }

    private record Horizon(long xmin, long xmax, long moved) {
        static Horizon of(Readable row) {
            return new Horizon(number(row, "xmin"), number(row, "xmax"), number(row, "moved"));
        }
    }

    private record Outcome(long rebased, long missing, Horizon horizon, long runs) {
    }
}
