package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * Maps rows of the {@code events} table to {@link RecordedEvent}s. Select {@link #COLUMNS} (or
 * {@link #columns(String)} with a table alias) and pass each row to {@link #map(Readable)}.
 *
 * <p>Payload and metadata are wrapped as {@link Json#trusted(String)}: PostgreSQL validated them
 * on insert, so the read path never parses JSON.
 */
public final class EventRowMapper {

    /** The select list {@link #map(Readable)} reads, for an unaliased {@code events} table. */
    public static final String COLUMNS = columns("");

    private EventRowMapper() {
    }

    /**
     * The select list for a table alias, for joins and CTEs.
     *
     * @param alias a table alias such as {@code e}, or empty for none
     * @return the select list, with output names {@link #map(Readable)} expects
     */
    public static String columns(String alias) {
        String p = alias.isEmpty() ? "" : alias + ".";
        return p + "id, " + p + "type, " + p + "aggregate_id, " + p + "aggregate_type, "
                + p + "sequence_number, " + p + "version, " + p + "payload::text AS payload, "
                + p + "metadata::text AS metadata, " + p + "created_at, " + p + "created_by, "
                + p + "transaction_id::text AS transaction_id_text, " + p + "global_position";
    }

    /**
     * Maps one row selected with {@link #COLUMNS}.
     *
     * @param row the row
     * @return the event
     */
    public static RecordedEvent map(Readable row) {
        return new RecordedEvent(
                get(row, "id", UUID.class),
                get(row, "type", String.class),
                new StreamId(get(row, "aggregate_id", String.class), get(row, "aggregate_type", String.class)),
                get(row, "sequence_number", Long.class),
                get(row, "version", Integer.class),
                Json.trusted(get(row, "payload", String.class)),
                Json.trusted(get(row, "metadata", String.class)),
                get(row, "created_at", OffsetDateTime.class).toInstant(),
                get(row, "created_by", String.class),
                Position.of(Long.parseLong(get(row, "transaction_id_text", String.class)), get(row, "global_position", Long.class)));
    }

    private static <T> T get(Readable row, String column, Class<T> type) {
        return Objects.requireNonNull(row.get(column, type), column);
    }
}
