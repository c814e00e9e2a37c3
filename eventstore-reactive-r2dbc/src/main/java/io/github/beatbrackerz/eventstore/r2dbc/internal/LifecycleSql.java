package io.github.beatbrackerz.eventstore.r2dbc.internal;

/**
 * The statements of a stream delete and a stream truncation ({@link R2dbcStreamRemover}), each run
 * in one transaction after {@link #lock}. Parameters {@code $1} aggregate id and {@code $2}
 * aggregate type unless said otherwise.
 */
final class LifecycleSql {

    private LifecycleSql() {
    }

    /**
     * The stream's advisory lock, the key the append statements take ({@link AppendSql}), so that the
     * library's appends of the stream wait for the transaction. One row.
     */
    static final String LOCK = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended($2::text || chr(31) || $1::text, 0))) AS l";
    /** The event columns of {@link #state}'s {@code l} row. */
    private static final String LAST_COLUMNS = EventRowMapper.columns("l");

    /**
     * One row: the stream's last stored event ({@link EventRowMapper#columns}, all NULL when it has
     * none), then how many events it holds, then its counter (0 without a row).
     */
    static String state(SchemaName schema) {
        return "SELECT " + LAST_COLUMNS
                + ", (SELECT count(*) FROM " + schema.table("events") + " WHERE aggregate_id = $1 AND aggregate_type = $2)"
                + ", coalesce((SELECT last_sequence FROM " + schema.table("aggregate_sequences")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2), 0)"
                + " FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM " + schema.table("events")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2 ORDER BY sequence_number DESC LIMIT 1) AS l ON TRUE";
    }

    /**
     * Reserves the tombstone's number, one past the counter and the highest stored number ({@code
     * $3}), and makes it the stream's start. The counter row's lock also waits for a writer that
     * reserved through it without the advisory lock (the TypeScript library) to commit, so the
     * statements after this one see its events. Returns the number.
     */
    static String reserveTombstone(SchemaName schema) {
        return "INSERT INTO " + schema.table("aggregate_sequences") + " AS a (aggregate_id, aggregate_type, last_sequence, first_sequence)"
                + " VALUES ($1, $2, $3::int8 + 1, $3::int8 + 1) ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE"
                + " SET last_sequence = greatest(a.last_sequence, $3::int8) + 1, first_sequence = greatest(a.last_sequence, $3::int8) + 1"
                + " RETURNING last_sequence";
    }

    /** Removes the stream's events numbered below {@code $3}; returns each one's id and number. */
    static String deleteEventsBefore(SchemaName schema) {
        return "DELETE FROM " + schema.table("events") + " WHERE aggregate_id = $1 AND aggregate_type = $2 AND sequence_number < $3::int8"
                + " RETURNING id::text, sequence_number";
    }

    /** Removes the stream's snapshots. */
    static String deleteSnapshots(SchemaName schema) {
        return "DELETE FROM " + schema.table("snapshots") + " WHERE aggregate_id = $1 AND aggregate_type = $2";
    }

    /**
     * Stores the tombstone or archive marker: {@code $1} id, {@code $2} type, {@code $3} aggregate id, {@code $4}
     * aggregate type, {@code $5} sequence number, {@code $6} payload, {@code $7} created-by; returns
     * the stored event ({@link EventRowMapper#COLUMNS}).
     */
    static String insertTombstone(SchemaName schema) {
        return "INSERT INTO " + schema.table("events")
                + " (id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_by)"
                + " VALUES ($1::uuid, $2, $3, $4, $5::int8, 1, $6::jsonb, '{}'::jsonb, $7) RETURNING " + EventRowMapper.COLUMNS;
    }

    /** The stream's highest stored sequence number; one row, NULL when it has no event. */
    static String top(SchemaName schema) {
        return "SELECT max(sequence_number) FROM " + schema.table("events") + " WHERE aggregate_id = $1 AND aggregate_type = $2";
    }

    /**
     * Moves the stream's start up to {@code $4} (never down), creating the counter row at {@code $3}
     * (the highest stored number) for a stream written without one; returns the start.
     */
    static String moveStart(SchemaName schema) {
        return "INSERT INTO " + schema.table("aggregate_sequences") + " AS a (aggregate_id, aggregate_type, last_sequence, first_sequence)"
                + " VALUES ($1, $2, $3::int8, $4::int8) ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE"
                + " SET first_sequence = greatest(a.first_sequence, EXCLUDED.first_sequence) RETURNING first_sequence";
    }

    /** The archive's columns, which are the events table's. */
    private static final String MOVED_COLUMNS = "id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata,"
            + " created_at, created_by, global_position, transaction_id";

    /** Moves the stream's events numbered below {@code $3} to the archive; returns each one's id and number. */
    static String archiveEventsBefore(SchemaName schema) {
        return "WITH moved AS (DELETE FROM " + schema.table("events")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2 AND sequence_number < $3::int8 RETURNING *)"
                + " INSERT INTO " + schema.table("events_archive") + " (" + MOVED_COLUMNS + ") SELECT " + MOVED_COLUMNS + " FROM moved"
                + " RETURNING id::text, sequence_number";
    }

    /** Removes the stream's archived events numbered below {@code $3} (all of them, the tombstone's number); returns each one's id and number. */
    static String deleteArchived(SchemaName schema) {
        return "DELETE FROM " + schema.table("events_archive") + " WHERE aggregate_id = $1 AND aggregate_type = $2 AND sequence_number < $3::int8"
                + " RETURNING id::text, sequence_number";
    }

    /** The stream's archived events in sequence order ({@link EventRowMapper#COLUMNS}). */
    static String findArchived(SchemaName schema) {
        return "SELECT " + EventRowMapper.COLUMNS + " FROM " + schema.table("events_archive")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2 ORDER BY sequence_number";
    }
}
