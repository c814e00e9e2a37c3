package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A schema whose history looks restored from another cluster: rows inserted with explicit
 * transaction ids and global positions, as {@code pg_dump} would restore them, and the identity
 * set past them. Reads in the subscription engine's order.
 */
final class MovedHistory {

    /** Far above any test cluster's counter: an old cluster that ran four billion transactions. */
    static final long OLD_CLUSTER = 4_000_000_000L;

    private static final Duration WAIT = Duration.ofSeconds(30);

    final PostgresTestDatabase db;
    final String schema;

    MovedHistory(PostgresTestDatabase db, String schema) {
        this.db = db;
        this.schema = schema;
    }

    /** Inserts one restored event per {@code {globalPosition, transactionId, sequenceNumber}} of stream {@code aggregateId}. */
    MovedHistory restore(String aggregateId, long[]... rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(schema).append(".events (type, aggregate_id, aggregate_type,"
                + " sequence_number, created_by, global_position, transaction_id) VALUES ");
        for (int i = 0; i < rows.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("('Restored', '").append(aggregateId).append("', 'order', ").append(rows[i][2])
                    .append(", 'old', ").append(rows[i][0]).append(", '").append(rows[i][1]).append("'::xid8)");
        }
        sql.append("; INSERT INTO ").append(schema).append(".aggregate_sequences VALUES ('").append(aggregateId).append("', 'order', ")
                .append(rows.length).append(") ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = EXCLUDED.last_sequence;")
                .append(" SELECT setval(pg_get_serial_sequence('").append(schema).append(".events', 'global_position'),")
                .append(" (SELECT max(global_position) FROM ").append(schema).append(".events))");
        db.execute(sql.toString()).block(WAIT);
        return this;
    }

    /** @return every stored position, in global-position order */
    List<Position> positions() {
        return db.column("SELECT transaction_id::text || '-' || global_position FROM " + schema + ".events ORDER BY global_position",
                String.class).map(Position::parse).collectList().block(WAIT);
    }

    /** @return the database's next transaction id */
    long counter() {
        return Objects.requireNonNull(db.column("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", Long.class).blockFirst(WAIT));
    }

    /**
     * The global positions a subscriber resuming after {@code after} receives: the WHERE and ORDER
     * BY of the engine's page query ({@code EventPageQuery.page}), without a filter or limit.
     */
    List<Long> engineOrder(Position after) {
        String sql = "SELECT global_position FROM " + schema + ".events"
                + " WHERE (transaction_id, global_position) > ($1::text::xid8, $2) AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())"
                + " ORDER BY transaction_id, global_position";
        return Flux.usingWhen(db.connectionFactory().create(),
                        connection -> Flux.from(connection.createStatement(sql).bind(0, Long.toString(after.transactionId()))
                                        .bind(1, after.globalPosition()).execute())
                                .concatMap(result -> result.map(row -> Objects.requireNonNull(row.get(0, Long.class)))),
                        Connection::close)
                .collectList().block(WAIT);
    }

    /** @return the same, from the beginning */
    List<Long> engineOrder() {
        return engineOrder(Position.BEGINNING);
    }

    Mono<Void> execute(String sql) {
        return db.execute(sql.replace("${schema}", schema));
    }
}
