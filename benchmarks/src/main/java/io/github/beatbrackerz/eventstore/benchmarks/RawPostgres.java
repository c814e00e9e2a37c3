package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The baselines: raw R2DBC doing the same work as the library with no library logic. Same pool,
 * same table shape (a schema made by the library's migrations), same column list and every column
 * read into a plain record; sequence numbers come from the caller instead of a counter row.
 */
public final class RawPostgres {

    /**
     * The select list the library reads, so both sides transfer and decode the same bytes; the creation time as epoch
     * microseconds, as the library selects it, since the driver's timestamptz decoding costs more than a whole row's rest.
     */
    static final String COLUMNS = columns("(extract(epoch FROM created_at) * 1000000)::int8 AS created_at_micros");
    /** The same select list with the creation time as a plain timestamptz column, what a first raw version would read. */
    static final String COLUMNS_WITH_TIMESTAMPTZ = columns("created_at");

    private final ConnectionFactory connections;
    private final String insertBatch;
    private final String insertOne;
    private final String selectStream;
    private final String selectAll;
    private final String selectStreamWithTimestamptz;
    private final String selectAllWithTimestamptz;

    /**
     * @param connections the pool
     * @param schema a schema holding the event store's tables
     */
    public RawPostgres(ConnectionFactory connections, String schema) {
        this.connections = connections;
        String columns = " (id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_by)";
        this.insertBatch = "INSERT INTO " + schema + ".events" + columns
                + " SELECT id, type, aggregate_id, aggregate_type, seq, version, payload::jsonb, metadata::jsonb, created_by"
                + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int4[], $7::text[], $8::text[], $9::text[])"
                + " AS i(id, type, aggregate_id, aggregate_type, seq, version, payload, metadata, created_by) RETURNING " + COLUMNS;
        this.insertOne = "INSERT INTO " + schema + ".events" + columns
                + " VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9) RETURNING " + COLUMNS;
        this.selectStream = "SELECT " + COLUMNS + " FROM " + schema + ".events WHERE aggregate_type = $1 AND aggregate_id = $2 ORDER BY sequence_number";
        this.selectAll = "SELECT " + COLUMNS + " FROM " + schema + ".events ORDER BY global_position";
        this.selectStreamWithTimestamptz = selectStream.replace(COLUMNS, COLUMNS_WITH_TIMESTAMPTZ);
        this.selectAllWithTimestamptz = selectAll.replace(COLUMNS, COLUMNS_WITH_TIMESTAMPTZ);
    }

    private static String columns(String createdAt) {
        return "id, type, aggregate_id, aggregate_type, sequence_number, version, payload::text AS payload, metadata::text AS metadata, "
                + createdAt + ", created_by, transaction_id::text AS transaction_id, global_position";
    }

    /**
     * One {@code unnest} insert of a batch of one stream.
     *
     * @param events the events
     * @param firstSequence the sequence number of the first
     * @return the stored rows
     */
    public Mono<List<RawEvent>> insertBatch(List<NewEvent> events, long firstSequence) {
        BatchColumns b = BatchColumns.of(events);
        Long[] sequences = new Long[events.size()];
        for (int i = 0; i < sequences.length; i++) {
            sequences[i] = firstSequence + i;
        }
        return rows(c -> c.createStatement(insertBatch).bind(0, b.ids()).bind(1, b.types()).bind(2, b.aggregateIds()).bind(3, b.aggregateTypes())
                .bind(4, sequences).bind(5, b.versions()).bind(6, b.payloads()).bind(7, b.metadata()).bind(8, b.createdBy())).collectList();
    }

    /**
     * One single-row insert in its own (autocommit) transaction.
     *
     * @param e the event
     * @param sequence its sequence number
     * @return the stored row
     */
    public Mono<RawEvent> insertOne(NewEvent e, long sequence) {
        return rows(c -> c.createStatement(insertOne).bind(0, String.valueOf(e.eventId())).bind(1, e.type()).bind(2, e.aggregateId())
                .bind(3, e.aggregateType()).bind(4, sequence).bind(5, e.version()).bind(6, e.payload().text())
                .bind(7, e.metadata().text()).bind(8, e.createdBy())).next();
    }

    /**
     * @param aggregateId the aggregate id
     * @return the stream's rows in sequence order, one SELECT
     */
    public Mono<List<RawEvent>> readStream(String aggregateId) {
        return rows(c -> c.createStatement(selectStream).bind(0, BenchEvents.AGGREGATE_TYPE).bind(1, aggregateId)).collectList();
    }

    /**
     * @param aggregateId the aggregate id
     * @return like {@link #readStream}, with the creation time decoded from a timestamptz column
     */
    public Mono<List<RawEvent>> readStreamWithTimestamptz(String aggregateId) {
        return rows(c -> c.createStatement(selectStreamWithTimestamptz).bind(0, BenchEvents.AGGREGATE_TYPE).bind(1, aggregateId),
                RawPostgres::readWithTimestamptz).collectList();
    }

    /** @return every row in global order, one streaming SELECT (backpressured by the driver) */
    public Flux<RawEvent> streamAll() {
        return rows(c -> c.createStatement(selectAll));
    }

    /** @return like {@link #streamAll}, with the creation time decoded from a timestamptz column */
    public Flux<RawEvent> streamAllWithTimestamptz() {
        return rows(c -> c.createStatement(selectAllWithTimestamptz), RawPostgres::readWithTimestamptz);
    }

    private Flux<RawEvent> rows(Function<Connection, Statement> statement) {
        return rows(statement, RawPostgres::read);
    }

    private Flux<RawEvent> rows(Function<Connection, Statement> statement, Function<Readable, RawEvent> mapper) {
        return Flux.usingWhen(connections.create(),
                c -> Flux.from(statement.apply(c).execute()).concatMap(result -> result.map(mapper::apply)),
                Connection::close);
    }

    private static RawEvent read(Readable row) {
        long micros = row.get(8, Long.class);
        return read(row, Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
    }

    private static RawEvent readWithTimestamptz(Readable row) {
        return read(row, row.get(8, OffsetDateTime.class).toInstant());
    }

    private static RawEvent read(Readable row, Instant createdAt) {
        return new RawEvent(row.get(0, UUID.class), row.get(1, String.class), row.get(2, String.class), row.get(3, String.class),
                row.get(4, Long.class), row.get(5, Integer.class), row.get(6, String.class), row.get(7, String.class),
                createdAt, row.get(9, String.class), row.get(10, String.class), row.get(11, Long.class));
    }

    /** A stored row, every column decoded, nothing more. */
    @SuppressWarnings("unused")
    public record RawEvent(UUID id, String type, String aggregateId, String aggregateType, Long sequenceNumber, Integer version,
            String payload, String metadata, Instant createdAt, String createdBy, String transactionId, Long globalPosition) {
    }
}
