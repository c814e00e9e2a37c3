package io.github.beatbrackerz.eventstore.r2dbc.internal;

/** Snapshot statements; {@code $1} aggregate id and {@code $2} aggregate type throughout. */
final class SnapshotSql {

    static final String COLUMNS = "id, aggregate_id, aggregate_type, sequence_number, state::text AS state, version, created_at";

    private SnapshotSql() {
    }

    static String insert(SchemaName schema) {
        return "INSERT INTO " + schema.table("snapshots") + " (id, aggregate_id, aggregate_type, sequence_number, state, version)"
                + " VALUES ($3::uuid, $1, $2, $4, $5::jsonb, $6) RETURNING " + COLUMNS;
    }

    static String latest(SchemaName schema) {
        return "SELECT " + COLUMNS + " FROM " + schema.table("snapshots")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2 AND sequence_number <= $3"
                + " ORDER BY sequence_number DESC, created_at DESC LIMIT 1";
    }

    static String prune(SchemaName schema) {
        return "DELETE FROM " + schema.table("snapshots") + " WHERE id IN (SELECT id FROM " + schema.table("snapshots")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2 ORDER BY sequence_number DESC, created_at DESC OFFSET $3)";
    }
}
