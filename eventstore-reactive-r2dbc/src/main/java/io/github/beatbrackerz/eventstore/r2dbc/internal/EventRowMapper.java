package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Maps rows of the {@code events} table to {@link RecordedEvent}s. Select {@link #COLUMNS} (or
 * {@link #columns(String)} with a table alias) and pass each row to {@link #map(Readable)}.
 *
 * <p>Columns are read by position, which the driver decodes without a lookup by name; one list
 * of columns gives both the positions and the select list, so the two cannot drift apart.
 * Payload and metadata are wrapped as {@link Json#trusted(String)}: PostgreSQL validated them on
 * insert, so the read path never parses JSON. The creation time is selected as microseconds
 * since PostgreSQL's epoch, 2000-01-01 (the column's own precision and range, so every finite
 * value fits a {@code bigint}), which also makes it independent of the session's time zone and
 * date style.
 *
 * <p>A row is read as stored, never checked against the write rules: rows written by other
 * programs (raw SQL, the TypeScript library) may hold blank or overlong names, any numbers, and
 * explicit positions, and a reader that rejected one could never read past it. The values Java
 * cannot hold are read in a form that says so: a creation time of {@code infinity} or {@code
 * -infinity} as {@link Instant#MAX} or {@link Instant#MIN}, a transaction id at or above
 * 2<sup>63</sup> as {@link Long#MAX_VALUE}.
 */
public final class EventRowMapper {

    /** 2000-01-01T00:00:00Z, where PostgreSQL counts time from, as SQL and in Unix epoch seconds. */
    private static final String PG_EPOCH = "TIMESTAMPTZ '2000-01-01 00:00:00+00'";
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    /** The select list {@link #map(Readable)} reads, for an unaliased {@code events} table. */
    public static final String COLUMNS = columns("");

    /**
     * A row's correlation id, as {@link RecordedEvent#correlationId()} reads it, for an
     * unaliased {@code events} table. Every statement that selects by correlation id compares
     * this expression, the one an expression index on it would serve.
     */
    public static final String CORRELATION_ID = correlationId("");

    /**
     * The select list in order: a column's ordinal is its position in every row {@link #map(Readable)} reads. Each
     * expression's {@code %1$s} is where a table alias goes.
     */
    private enum Column {
        ID("%1$sid"),
        TYPE("%1$stype"),
        AGGREGATE_ID("%1$saggregate_id"),
        AGGREGATE_TYPE("%1$saggregate_type"),
        SEQUENCE_NUMBER("%1$ssequence_number"),
        VERSION("%1$sversion"),
        PAYLOAD("%1$spayload::text AS payload"),
        METADATA("%1$smetadata::text AS metadata"),
        // Microseconds, not text: the driver's parse of a timestamptz cost about 1.4 us a row, most of a large read.
        // Counted from 2000-01-01, as PostgreSQL stores it, so that no finite time overflows; infinities become the extremes.
        CREATED_AT("CASE WHEN isfinite(%1$screated_at)"
                + " THEN (extract(epoch FROM %1$screated_at - " + PG_EPOCH + ") * 1000000)::int8"
                + " WHEN %1$screated_at > " + PG_EPOCH + " THEN '9223372036854775807'::int8"
                + " ELSE '-9223372036854775808'::int8 END AS created_at_micros"),
        CREATED_BY("%1$screated_by"),
        TRANSACTION_ID("%1$stransaction_id::text AS transaction_id_text"),
        GLOBAL_POSITION("%1$sglobal_position");

        private final String template;

        Column(String template) {
            this.template = template;
        }
    }

    private EventRowMapper() {
    }

    /**
     * A row's correlation id, as {@link #CORRELATION_ID}, with a table alias.
     *
     * @param alias the table alias with its dot, for example {@code "e."}, or {@code ""}
     * @return the SQL expression
     */
    public static String correlationId(String alias) {
        return alias + "metadata->>'" + NewEvent.CORRELATION_ID + "'";
    }

    /**
     * The select list for a table alias, for joins and CTEs.
     *
     * @param alias a table alias such as {@code e}, or empty for none
     * @return the select list, in the order {@link #map(Readable)} reads
     */
    public static String columns(String alias) {
        String p = alias.isEmpty() ? "" : alias + ".";
        return Arrays.stream(Column.values()).map(column -> String.format(column.template, p)).collect(Collectors.joining(", "));
    }

    /** @return how many columns {@link #COLUMNS} selects: the index of a column selected after them */
    public static int columnCount() {
        return Column.values().length;
    }

    /**
     * Maps one row selected with {@link #COLUMNS} or {@link #columns(String)}.
     *
     * @param row the row
     * @return the event
     */
    public static RecordedEvent map(Readable row) {
        return new RecordedEvent(
                get(row, Column.ID, UUID.class),
                get(row, Column.TYPE, String.class),
                new StreamId(get(row, Column.AGGREGATE_ID, String.class), get(row, Column.AGGREGATE_TYPE, String.class)),
                get(row, Column.SEQUENCE_NUMBER, Long.class),
                get(row, Column.VERSION, Integer.class),
                Json.trusted(get(row, Column.PAYLOAD, String.class)),
                Json.trusted(get(row, Column.METADATA, String.class)),
                createdAt(get(row, Column.CREATED_AT, Long.class)),
                get(row, Column.CREATED_BY, String.class),
                Position.of(transactionId(get(row, Column.TRANSACTION_ID, String.class)), get(row, Column.GLOBAL_POSITION, Long.class)));
    }

    private static <T> T get(Readable row, Column column, Class<T> type) {
        return Objects.requireNonNull(row.get(column.ordinal(), type), column.name());
    }

    /** @param micros microseconds since 2000-01-01, or a {@code long}'s extremes for the infinities */
    static Instant createdAt(long micros) {
        if (micros == Long.MAX_VALUE) {
            return Instant.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return Instant.MIN;
        }
        return Instant.ofEpochSecond(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /**
     * Reads a transaction id as PostgreSQL prints an {@code xid8}.
     *
     * @param text an {@code xid8}, unsigned 64-bit
     * @return its value, {@link Long#MAX_VALUE} when it does not fit a {@code long}
     */
    static long transactionId(String text) {
        long unsigned = Long.parseUnsignedLong(text);
        return unsigned < 0 ? Long.MAX_VALUE : unsigned;
    }
}
