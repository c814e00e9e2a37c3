package io.github.beatbrackerz.eventstore.r2dbc.internal;

/**
 * Statistics and validation of one stream, computed in PostgreSQL. Parameters: {@code $1}
 * aggregate id, {@code $2} aggregate type.
 */
final class InspectionSql {

    private InspectionSql() {
    }

    static String typeCounts(SchemaName schema) {
        return "SELECT type::text AS type, count(*) AS n FROM " + schema.table("events")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2 GROUP BY type";
    }

    static String edge(SchemaName schema, boolean first) {
        return "SELECT " + EventRowMapper.COLUMNS + " FROM " + schema.table("events")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2 ORDER BY sequence_number " + (first ? "ASC" : "DESC") + " LIMIT 1";
    }

    /**
     * One row per issue: kind, the sequence number where it is found, and a related number (the
     * previous sequence number of a gap, the occurrences of a duplicate, the counter).
     */
    static String issues(SchemaName schema) {
        return "WITH s AS (SELECT sequence_number, lag(sequence_number) OVER (ORDER BY sequence_number) AS prev,"
                + " row_number() OVER (ORDER BY sequence_number) AS rn FROM " + schema.table("events")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2),"
                + " c AS (SELECT max(last_sequence) AS counter FROM " + schema.table("aggregate_sequences")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2)"
                + " SELECT 'INVALID_START' AS kind, sequence_number AS seq, 1::bigint AS other FROM s WHERE rn = 1 AND sequence_number <> 1"
                + " UNION ALL SELECT 'GAP', sequence_number, prev FROM s WHERE prev IS NOT NULL AND sequence_number > prev + 1"
                + " UNION ALL SELECT 'DUPLICATE', sequence_number, count(*) FROM s GROUP BY sequence_number HAVING count(*) > 1"
                + " UNION ALL SELECT 'COUNTER_BEHIND', m.top, coalesce(c.counter, 0) FROM (SELECT max(sequence_number) AS top FROM s) m, c"
                + " WHERE m.top IS NOT NULL AND coalesce(c.counter, 0) < m.top"
                + " ORDER BY seq, kind";
    }
}
