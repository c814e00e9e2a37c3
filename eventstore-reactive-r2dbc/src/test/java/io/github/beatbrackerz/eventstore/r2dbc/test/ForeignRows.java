package io.github.beatbrackerz.eventstore.r2dbc.test;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rows that another program (raw SQL, the TypeScript library) can write into the {@code events}
 * table and the library itself never would: one for each kind of value the schema accepts and
 * the write rules refuse. Each row is inserted with plain SQL in its own transaction, so the
 * commit-safe order is the insertion order.
 *
 * <p>The rows fall into four aggregate streams of type {@code order} ({@link #ODD_VALUES},
 * {@link #ODD_SEQUENCES}, {@link #LONG_ID}, and the one of {@link #EMOJI_TYPE}) plus two that
 * no per-stream method can name (a blank id, a blank type).
 */
public final class ForeignRows {

    /** A stream numbered 1, 2, 3, 4 (so the cache may hold it) whose events hold odd values. */
    public static final String ODD_VALUES = "odd-values";
    /** A stream numbered -3, 0, 1, 5. */
    public static final String ODD_SEQUENCES = "odd-sequences";
    /** An aggregate id of 300 characters: the column is {@code text}, the write rule allows 255. */
    public static final String LONG_ID = "x".repeat(300);
    /** 200 characters to PostgreSQL's {@code varchar(255)}, 400 UTF-16 units to Java. */
    public static final String EMOJI_TYPE = "\uD83C\uDF89".repeat(200);
    /** The aggregate type of every stream but the emoji one. */
    public static final String ORDER = "order";

    private ForeignRows() {
    }

    /**
     * One foreign row: what is inserted and what a faithful read gives back.
     *
     * @param kind what is odd about it, for messages
     * @param id the event id
     * @param type the event type
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param sequenceNumber the sequence number
     * @param version the version
     * @param payload the payload as jsonb prints it
     * @param metadata the metadata as jsonb prints it
     * @param createdAtSql the creation time as a SQL literal
     * @param createdAt the creation time a faithful read gives
     * @param createdBy who wrote it
     * @param globalPosition an explicit global position, or {@code null} for the column default
     * @param transactionIdSql an explicit transaction id (SQL literal), or {@code null} for the column default
     * @param transactionId the transaction id a faithful read gives for an explicit one
     */
    public record Row(String kind, UUID id, String type, String aggregateId, String aggregateType, long sequenceNumber, int version,
            String payload, String metadata, String createdAtSql, Instant createdAt, String createdBy, @Nullable Long globalPosition,
            @Nullable String transactionIdSql, @Nullable Long transactionId) {

        /** @return the values a faithful read gives back, one line (positions only where inserted explicitly) */
        public String expected() {
            return line(id, type, aggregateId, aggregateType, sequenceNumber, version, payload, metadata, createdAt, createdBy,
                    globalPosition, transactionId);
        }

        /**
         * @param event the event read for this row
         * @return its values in the form of {@link #expected()}
         */
        public String actual(RecordedEvent event) {
            return line(event.id(), event.type(), event.aggregateId(), event.aggregateType(), event.sequenceNumber(), event.version(),
                    event.payload().text(), event.metadata().text(), event.createdAt(), event.createdBy(),
                    globalPosition == null ? null : event.globalPosition(), transactionId == null ? null : event.position().transactionId());
        }

        String insert(String schema) {
            return "INSERT INTO " + schema + ".events (id, type, aggregate_id, aggregate_type, sequence_number, version, payload,"
                    + " metadata, created_at, created_by, global_position, transaction_id) VALUES ('" + id + "', " + quote(type) + ", "
                    + quote(aggregateId) + ", " + quote(aggregateType) + ", " + sequenceNumber + ", " + version + ", "
                    + quote(payload) + "::jsonb, " + quote(metadata) + "::jsonb, " + quote(createdAtSql) + "::timestamptz, "
                    + quote(createdBy) + ", " + (globalPosition == null ? "DEFAULT" : globalPosition) + ", "
                    + (transactionIdSql == null ? "DEFAULT" : quote(transactionIdSql) + "::xid8") + ")";
        }

        private static String line(Object... values) {
            List<String> parts = new ArrayList<>();
            for (Object value : values) {
                parts.add(Objects.toString(value, "-"));
            }
            return String.join(" | ", parts);
        }

        private static String quote(String text) {
            return "'" + text.replace("'", "''") + "'";
        }
    }

    /**
     * @return one row per kind that subscriptions deliver (each in a transaction of its own, with
     *     the transaction id PostgreSQL assigns), in insertion order
     */
    public static List<Row> deliverable() {
        return List.of(
                row("blank type, blank createdBy, version 0, -infinity", ODD_VALUES, ORDER, 1, " ", "", 0,
                        "{\"n\": 1}", "{}", "-infinity", Instant.MIN, null),
                row("emoji type, version -2, infinity, payload null, metadata []", ODD_VALUES, ORDER, 2, EMOJI_TYPE, "ts", -2,
                        "null", "[]", "infinity", Instant.MAX, null),
                row("negative global position, the latest time PostgreSQL holds", ODD_VALUES, ORDER, 3, "Shipped", "ts", 1,
                        "{\"n\": 3}", "{}", "294276-12-31 23:59:59.999999+00", Instant.parse("+294276-12-31T23:59:59.999999Z"), -7L),
                row("global position Long.MAX_VALUE, the earliest time PostgreSQL holds", ODD_VALUES, ORDER, 4, "Closed", "ts", 1,
                        "{\"n\": 4}", "{}", "4713-01-01 00:00:00+00 BC", Instant.parse("-4712-01-01T00:00:00Z"), Long.MAX_VALUE),
                row("sequence number -3", ODD_SEQUENCES, ORDER, -3, "Imported", "ts", 1, "{}", "{}",
                        "2020-01-01 00:00:00+00", Instant.parse("2020-01-01T00:00:00Z"), null),
                row("sequence number 0", ODD_SEQUENCES, ORDER, 0, "Imported", "ts", 1, "{}", "{}",
                        "2020-01-01 00:00:00.000001+00", Instant.parse("2020-01-01T00:00:00.000001Z"), null),
                row("sequence number 1", ODD_SEQUENCES, ORDER, 1, "Imported", "ts", 1, "{}", "{}",
                        "2020-01-01 00:00:01+00", Instant.parse("2020-01-01T00:00:01Z"), null),
                row("sequence number 5 after a gap", ODD_SEQUENCES, ORDER, 5, "Imported", "ts", 1, "{}", "{}",
                        "2020-01-01 00:00:02+00", Instant.parse("2020-01-01T00:00:02Z"), null),
                row("aggregate id of 300 characters", LONG_ID, ORDER, 1, "Opened", "ts", 1, "{}", "{}",
                        "2021-06-01 12:00:00+00", Instant.parse("2021-06-01T12:00:00Z"), null),
                row("aggregate type of 200 emoji", "emoji-1", EMOJI_TYPE, 1, "Opened", "ts", 1, "{}", "{}",
                        "2021-06-01 12:00:00+00", Instant.parse("2021-06-01T12:00:00Z"), null),
                row("whitespace aggregate type", "blank-type", " \t", 1, "Opened", "ts", 1, "{}", "{}",
                        "2021-06-01 12:00:00+00", Instant.parse("2021-06-01T12:00:00Z"), null),
                row("empty aggregate id", "", ORDER, 1, "Opened", "ts", 1, "{}", "{}",
                        "2021-06-01 12:00:00+00", Instant.parse("2021-06-01T12:00:00Z"), null));
    }

    /**
     * @return a row whose transaction id was inserted explicitly as the largest {@code xid8}: it
     *     reads as {@link Long#MAX_VALUE}, and stays above every subscription's watermark
     */
    public static Row aboveEveryTransaction() {
        return new Row("transaction id 2^64-1", id(), "Future", "future-1", ORDER, 1, 1, "{}", "{}", "2022-01-01 00:00:00+00",
                Instant.parse("2022-01-01T00:00:00Z"), "ts", null, "18446744073709551615", Long.MAX_VALUE);
    }

    /**
     * Inserts rows with plain SQL, one autocommitted statement each, in order.
     *
     * @param db the test database
     * @param schema the schema holding the tables
     * @param rows the rows
     * @return completes when every row is committed
     */
    public static Mono<Void> insert(PostgresTestDatabase db, String schema, List<Row> rows) {
        return Flux.fromIterable(rows).concatMap(row -> db.execute(row.insert(schema))).then();
    }

    private static Row row(String kind, String aggregateId, String aggregateType, long sequence, String type, String createdBy,
            int version, String payload, String metadata, String createdAtSql, Instant createdAt, @Nullable Long globalPosition) {
        return new Row(kind, id(), type, aggregateId, aggregateType, sequence, version, payload, metadata, createdAtSql, createdAt,
                createdBy, globalPosition, null, null);
    }

    private static UUID id() {
        return UUID.randomUUID();
    }
}
