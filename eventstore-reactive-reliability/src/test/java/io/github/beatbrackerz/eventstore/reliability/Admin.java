package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.model.Position;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The test's own view of PostgreSQL, on the test database's pool (never on a store's pool, whose
 * connections the faults kill): counts ids, lists stored events, terminates store backends by
 * {@code application_name}. Every call is bounded.
 */
final class Admin {

    static final Duration BOUND = Duration.ofSeconds(60);

    /** One stored event as the database has it. */
    record StoredEvent(UUID id, String aggregateType, String aggregateId, long sequence, Position position) {
        String streamKey() {
            return aggregateType + "/" + aggregateId;
        }
    }

    private final ConnectionFactory pool;
    private final String schema;

    Admin(ConnectionFactory pool, String schema) {
        this.pool = pool;
        this.schema = schema;
    }

    String schema() {
        return schema;
    }

    /** How many of these event ids are stored. */
    long countIds(Collection<UUID> ids) {
        String[] values = ids.stream().map(UUID::toString).toArray(String[]::new);
        return query("SELECT count(*) FROM " + schema + ".events WHERE id = ANY($1::uuid[])", List.<Object>of((Object) values),
                row -> row.get(0, Long.class)).single().block(BOUND);
    }

    /** Every stored event, in position order. */
    List<StoredEvent> allEvents() {
        // the text column needs a name of its own: ORDER BY resolves a name against the select list first, and an
        // unnamed transaction_id::text is named transaction_id, which would sort the ids as text ('100000' < '99999')
        return query("SELECT id, aggregate_type, aggregate_id, sequence_number, transaction_id::text AS transaction_id_text, global_position FROM "
                        + schema + ".events ORDER BY transaction_id, global_position", List.of(),
                row -> new StoredEvent(row.get(0, UUID.class), row.get(1, String.class), row.get(2, String.class),
                        row.get(3, Long.class), Position.of(Long.parseLong(row.get(4, String.class)), row.get(5, Long.class))))
                .collectList().block(BOUND);
    }

    /** Streams whose sequence numbers are not exactly 1..count, or whose counter row disagrees. */
    List<String> nonContiguousStreams() {
        return query("SELECT e.aggregate_type || '/' || e.aggregate_id FROM " + schema + ".events e"
                        + " LEFT JOIN " + schema + ".aggregate_sequences s USING (aggregate_id, aggregate_type)"
                        + " GROUP BY e.aggregate_type, e.aggregate_id, s.last_sequence"
                        + " HAVING min(e.sequence_number) <> 1 OR max(e.sequence_number) <> count(*)"
                        + " OR s.last_sequence IS DISTINCT FROM max(e.sequence_number)", List.of(),
                row -> row.get(0, String.class)).collectList().block(BOUND);
    }

    /** Counter rows that reserve numbers no event holds (a reservation that outlived its batch). */
    long orphanCounters() {
        return query("SELECT count(*) FROM " + schema + ".aggregate_sequences s WHERE s.last_sequence <> COALESCE((SELECT max(sequence_number)"
                        + " FROM " + schema + ".events e WHERE e.aggregate_id = s.aggregate_id AND e.aggregate_type = s.aggregate_type), 0)",
                List.of(), row -> row.get(0, Long.class)).single().block(BOUND);
    }

    /**
     * Events whose sequence number is not the previous one of their aggregate plus one, when the
     * aggregate's events are taken in {@code Position} order (transaction id, global position):
     * the order subscribers deliver in.
     */
    long positionOrderInversions() {
        return query("SELECT count(*) FROM (SELECT sequence_number, lag(sequence_number) OVER (PARTITION BY aggregate_type, aggregate_id"
                        + " ORDER BY transaction_id, global_position) AS previous FROM " + schema + ".events) s"
                        + " WHERE previous IS NOT NULL AND sequence_number <> previous + 1",
                List.of(), row -> row.get(0, Long.class)).single().block(BOUND);
    }

    /**
     * Terminates backends of one application name.
     *
     * @param applicationName the {@code application_name} the store's connections carry
     * @param all whether to kill all of them or one chosen by the server
     * @return how many were terminated
     */
    long terminate(String applicationName, boolean all) {
        return query("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM (SELECT pid FROM pg_stat_activity"
                        + " WHERE application_name = $1 AND pid <> pg_backend_pid() ORDER BY random() LIMIT $2) p",
                List.of(applicationName, all ? 1000 : 1), row -> row.get(0, Long.class)).single().block(BOUND);
    }

    /**
     * Holds the counter row of a stream locked ({@code SELECT ... FOR UPDATE}) in an open
     * transaction for a while, so appends to the stream wait on it, then rolls back.
     */
    Mono<Void> holdCounterLock(String aggregateId, String aggregateType, Duration hold) {
        return Mono.usingWhen(Mono.from(pool.create()),
                c -> Mono.from(c.beginTransaction())
                        .thenMany(bound(c.createStatement("SELECT last_sequence FROM " + schema
                                + ".aggregate_sequences WHERE aggregate_id = $1 AND aggregate_type = $2 FOR UPDATE"), List.of(aggregateId, aggregateType))
                                .execute())
                        .concatMap(r -> r.getRowsUpdated())
                        .then(Mono.delay(hold))
                        .then(Mono.from(c.rollbackTransaction())),
                Connection::close);
    }

    <T> Flux<T> query(String sql, List<Object> args, Function<Readable, T> mapper) {
        return Flux.usingWhen(Mono.from(pool.create()),
                c -> Flux.from(bound(c.createStatement(sql), args).execute()).concatMap(r -> r.map(mapper::apply)),
                Connection::close);
    }

    private static Statement bound(Statement statement, List<Object> args) {
        for (int i = 0; i < args.size(); i++) {
            statement.bind(i, args.get(i));
        }
        return statement;
    }
}
