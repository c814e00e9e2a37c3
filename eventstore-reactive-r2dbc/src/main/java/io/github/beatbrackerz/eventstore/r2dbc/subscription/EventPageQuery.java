package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.internal.EventRowMapper;
import io.github.beatbrackerz.eventstore.r2dbc.internal.PostgresErrors;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The engine's SQL: commit-safe pages, the head position and the lag figures. Every read sees
 * only events whose transaction id lies below the oldest transaction still running, so an event
 * that commits late can never be skipped.
 */
final class EventPageQuery {

    private static final String WATERMARK = "pg_snapshot_xmin(pg_current_snapshot())";

    private final ConnectionFactory connections;
    private final String events;

    EventPageQuery(ConnectionFactory connections, SchemaName schema) {
        this.connections = connections;
        this.events = schema.table("events");
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
     * Measures lag against a delivered position.
     *
     * @param delivered where the reader stands, or {@code null} when no reader runs (then: the head)
     * @return the lag; errors with {@link StorageException}
     */
    Mono<SubscriptionLag> lag(@Nullable Position delivered) {
        Position from = delivered == null ? Position.BEGINNING : delivered;
        String sql = "SELECT (SELECT count(*) FROM " + events + " WHERE $3 AND (transaction_id, global_position) > ($1::text::xid8, $2)"
                + " AND transaction_id < " + WATERMARK + ") AS undelivered,"
                + " (SELECT count(*) FROM " + events + " WHERE transaction_id >= " + WATERMARK + ") AS held_back,"
                + " (SELECT coalesce(extract(epoch FROM max(clock_timestamp() - xact_start)), 0)::float8 FROM pg_stat_activity"
                + " WHERE backend_xid IS NOT NULL) AS oldest_seconds";
        Mono<SubscriptionLag> measured = query(sql,
                statement -> statement.bind(0, Long.toString(from.transactionId())).bind(1, from.globalPosition())
                        .bind(2, delivered != null),
                row -> new SubscriptionLag(from, longValue(row, "undelivered"), longValue(row, "held_back"),
                        Duration.ofNanos(Math.round(doubleValue(row, "oldest_seconds") * 1e9)))).single();
        return delivered != null ? measured
                : head().zipWith(measured, (head, lag) -> new SubscriptionLag(head, 0, lag.heldBackEvents(), lag.oldestTransactionAge()));
    }

    private <T> Flux<T> query(String sql, Function<Statement, Statement> binder, Function<Readable, T> mapper) {
        return Flux.usingWhen(connections.create(),
                        connection -> Flux.from(binder.apply(connection.createStatement(sql)).execute())
                                .concatMap(result -> result.map(mapper::apply)),
                        Connection::close, (connection, error) -> connection.close(), Connection::close)
                .onErrorMap(PostgresErrors::translate);
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
