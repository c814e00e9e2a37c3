package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
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
 * insert, so the read path never parses JSON.
 */
public final class EventRowMapper {

    /** The select list {@link #map(Readable)} reads, for an unaliased {@code events} table. */
    public static final String COLUMNS = columns("");

    /** The select list in order: a column's ordinal is its position in every row {@link #map(Readable)} reads. */
    private enum Column {
        ID("id"),
        TYPE("type"),
        AGGREGATE_ID("aggregate_id"),
        AGGREGATE_TYPE("aggregate_type"),
        SEQUENCE_NUMBER("sequence_number"),
        VERSION("version"),
        PAYLOAD("payload::text AS payload"),
        METADATA("metadata::text AS metadata"),
        CREATED_AT("created_at"),
        CREATED_BY("created_by"),
        TRANSACTION_ID("transaction_id::text AS transaction_id_text"),
        GLOBAL_POSITION("global_position");

        private final String expression;

        Column(String expression) {
            this.expression = expression;
        }
    }

    private EventRowMapper() {
    }

    /**
     * The select list for a table alias, for joins and CTEs.
     *
     * @param alias a table alias such as {@code e}, or empty for none
     * @return the select list, in the order {@link #map(Readable)} reads
     */
    public static String columns(String alias) {
        String p = alias.isEmpty() ? "" : alias + ".";
        return Arrays.stream(Column.values()).map(column -> p + column.expression).collect(Collectors.joining(", "));
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
                get(row, Column.CREATED_AT, OffsetDateTime.class).toInstant(),
                get(row, Column.CREATED_BY, String.class),
                Position.of(Long.parseLong(get(row, Column.TRANSACTION_ID, String.class)), get(row, Column.GLOBAL_POSITION, Long.class)));
    }

    private static <T> T get(Readable row, Column column, Class<T> type) {
        return Objects.requireNonNull(row.get(column.ordinal(), type), column.expression);
    }
}
