package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.internal.ConnectionRelease;
import io.github.beatbrackerz.eventstore.r2dbc.internal.EventRowMapper;
import io.github.beatbrackerz.eventstore.r2dbc.internal.PostgresErrors;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The engine's SQL: commit-safe pages, the head position and the lag figures. Every read sees
 * only events whose transaction id lies below the oldest transaction still running, so an event
 * that commits late can never be skipped. Every query is bounded: one that makes no progress
 * within the timeout errors with a retryable {@link StorageException}.
 */
final class EventPageQuery {

    private static final String WATERMARK = "pg_snapshot_xmin(pg_current_snapshot())";

    /** Open transactions holding the watermark: sessions with a transaction id, and prepared transactions. */
    private static final String HOLDERS_SQL = "SELECT kind, pid, gid, database, usename, application_name, state, age_seconds, query FROM ("
            + " SELECT 'SESSION' AS kind, pid, NULL::text AS gid, datname::text AS database, usename::text AS usename, application_name,"
            + " state, coalesce(extract(epoch FROM clock_timestamp() - xact_start), 0)::float8 AS age_seconds, left(query, 200) AS query"
            + " FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
            + " UNION ALL SELECT 'PREPARED', NULL, gid, database::text, owner::text, NULL, 'prepared',"
            + " coalesce(extract(epoch FROM clock_timestamp() - prepared), 0)::float8, NULL FROM pg_prepared_xacts"
            + ") AS holders ORDER BY age_seconds DESC LIMIT 10";

    private final ConnectionFactory connections;
    private final String events;
    private final String countsSql;
    private final Duration timeout;

    EventPageQuery(ConnectionFactory connections, SchemaName schema, Duration timeout) {
        this.connections = connections;
        this.events = schema.table("events");
        this.timeout = timeout;
        this.countsSql = "SELECT (SELECT count(*) FROM " + events + " WHERE $3 AND (transaction_id, global_position) > ($1::text::xid8, $2)"
                + " AND transaction_id < " + WATERMARK + ") AS undelivered,"
                + " (SELECT count(*) FROM " + events + " WHERE transaction_id >= " + WATERMARK + ") AS held_back";
    }

    /**
     * Events after a position, in commit-safe order.
     *
     * @return at most {@code limit} events matching the filter; errors with {@link StorageException}
     */
    Flux<RecordedEvent> page(Position after, EventFilter filter, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(EventRowMapper.COLUMNS).append(" FROM ").append(events)
                .append(" WHERE (transaction_id, global_position) > ($1::text::xid8, $2) AND transaction_id < ")
                .append(WATERMARK);
        int next = 4;
        if (filter.aggregateType() != null) {
            sql.append(" AND aggregate_type = $").append(next++);
        }
        if (filter.aggregateId() != null) {
            sql.append(" AND aggregate_id = $").append(next++);
        }
        if (filter.correlationId() != null) {
            sql.append(" AND ").append(EventRowMapper.CORRELATION_ID).append(" = $").append(next++);
        }
        if (!filter.types().isEmpty()) {
            sql.append(" AND type = ANY($").append(next).append("::text[])");
        }
        sql.append(" ORDER BY transaction_id, global_position LIMIT $3");
        return query(sql.toString(), statement -> {
            statement.bind(0, Long.toString(after.transactionId())).bind(1, after.globalPosition()).bind(2, limit);
            int index = 3;
            if (filter.aggregateType() != null) {
                statement.bind(index++, filter.aggregateType());
            }
            if (filter.aggregateId() != null) {
                statement.bind(index++, filter.aggregateId());
            }
            if (filter.correlationId() != null) {
                statement.bind(index++, filter.correlationId());
            }
            if (!filter.types().isEmpty()) {
                statement.bind(index, filter.types().toArray(String[]::new));
            }
            return statement;
        }, EventRowMapper::map);
    }

    /**
     * The last deliverable position: where a live subscription starts.
     *
     * @return the position, {@link Position#BEGINNING} for an empty store; errors with {@link StorageException}
     */
    Mono<Position> head() {
        String sql = "SELECT transaction_id::text AS tx, global_position FROM " + events + " WHERE transaction_id < "
                + WATERMARK + " ORDER BY transaction_id DESC, global_position DESC LIMIT 1";
        return query(sql, Function.identity(), row -> position(row, "tx")).next().defaultIfEmpty(Position.BEGINNING);
    }

    /**
     * Measures lag against a delivered position, and names what holds the watermark back.
     *
     * @param delivered where the reader stands, or {@code null} when no reader runs (then: the head)
     * @param stall the reader's current stall, passed through
     * @return the lag; errors with {@link StorageException}
     */
    Mono<SubscriptionLag> lag(@Nullable Position delivered, @Nullable ReaderStall stall) {
        Position from = delivered == null ? Position.BEGINNING : delivered;
        Mono<long[]> counts = query(countsSql,
                statement -> statement.bind(0, Long.toString(from.transactionId())).bind(1, from.globalPosition()).bind(2, delivered != null),
                row -> new long[] {longValue(row, "undelivered"), longValue(row, "held_back")}).single();
        Mono<List<WatermarkHolder>> holders = query(HOLDERS_SQL, Function.identity(), EventPageQuery::holder).collectList();
        Mono<Position> at = delivered != null ? Mono.just(delivered) : head();
        return Mono.zip(at, counts, holders).map(measured -> {
            List<WatermarkHolder> open = measured.getT3();
            Duration oldest = open.isEmpty() ? Duration.ZERO : open.get(0).age();
            return new SubscriptionLag(measured.getT1(), measured.getT2()[0], measured.getT2()[1], oldest, open, stall);
        });
    }

    private <T> Flux<T> query(String sql, Function<Statement, Statement> binder, Function<Readable, T> mapper) {
        return Flux.usingWhen(connections.create(),
                        connection -> Flux.from(binder.apply(connection.createStatement(sql)).execute())
                                .concatMap(result -> result.map(mapper::apply)),
                        Connection::close, (connection, error) -> connection.close(), ConnectionRelease::discard)
                // A connection that died silently never answers: abandon the query so the caller can retry on another one.
                .timeout(timeout, Flux.error(() -> new StorageException(
                        "subscription query made no progress within " + timeout + " (connection dead or server unresponsive)", null, true)))
                .onErrorMap(PostgresErrors::translate);
    }

    private static WatermarkHolder holder(Readable row) {
        return new WatermarkHolder(WatermarkHolder.Kind.valueOf(row.get("kind", String.class)), row.get("pid", Integer.class),
                row.get("gid", String.class), row.get("database", String.class), row.get("usename", String.class),
                row.get("application_name", String.class), row.get("state", String.class),
                Duration.ofNanos(Math.round(doubleValue(row, "age_seconds") * 1e9)), row.get("query", String.class));
    }

    private static Position position(Readable row, String transactionColumn) {
        String tx = row.get(transactionColumn, String.class);
        Long global = row.get("global_position", Long.class);
        if (tx == null || global == null) {
            throw new StorageException("event row without position", null, false);
        }
        return Position.of(Long.parseLong(tx), global);
    }

    private static long longValue(Readable row, String column) {
        Long value = row.get(column, Long.class);
        return value == null ? 0 : value;
    }

    private static double doubleValue(Readable row, String column) {
        Double value = row.get(column, Double.class);
        return value == null ? 0 : value;
    }
}
