package io.github.beatbrackerz.eventstore.r2dbc.internal;

/**
 * Statistics and validation of one stream, computed in PostgreSQL. Parameters: {@code $1}
 * aggregate id, {@code $2} aggregate type.
 */
final class InspectionSql {

    private InspectionSql() {
    }

    /** The event columns {@link EventRowMapper#map} reads, over the {@code e} rows of {@link #stats}. */
    private static final String EDGE_COLUMNS = EventRowMapper.columns("e");

    /**
     * A stream's statistics in ONE statement, so that they come from one snapshot: an append
     * committing meanwhile is either wholly in them or wholly out (three statements on pooled
     * connections could see three different states, and give a total that disagrees with the last
     * event). One to two rows: the event columns of the first ({@code edge} 0) and last ({@code
     * edge} 1) event, then {@code edge}, and on every row the type names ({@code types}) and their
     * counts ({@code counts}), both ordered by type. An empty stream gives one row whose {@code edge}
     * and arrays are null.
     */
    static String stats(SchemaName schema) {
        return "WITH t AS (SELECT type::text AS type, count(*) AS n FROM " + schema.table("events")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2 GROUP BY type),"
                + " c AS (SELECT array_agg(type ORDER BY type) AS types, array_agg(n ORDER BY type) AS counts FROM t),"
                + " e AS ((SELECT 0 AS edge, f.* FROM " + schema.table("events") + " f"
                + " WHERE f.aggregate_id = $1 AND f.aggregate_type = $2 ORDER BY f.sequence_number ASC LIMIT 1)"
                + " UNION ALL (SELECT 1 AS edge, l.* FROM " + schema.table("events") + " l"
                + " WHERE l.aggregate_id = $1 AND l.aggregate_type = $2 ORDER BY l.sequence_number DESC LIMIT 1))"
                + " SELECT " + EDGE_COLUMNS + ", e.edge, c.types, c.counts FROM c LEFT JOIN e ON true ORDER BY e.edge";
    }

    /**
     * One row per issue: kind, the sequence number where it is found, and a related number (the
     * stream's start for a wrong start: 1, or where a delete or truncation left it, {@code
     * aggregate_sequences.first_sequence}; the previous sequence number of a gap, the occurrences of a duplicate, the counter).
     */
    static String issues(SchemaName schema) {
        return "WITH s AS (SELECT sequence_number, lag(sequence_number) OVER (ORDER BY sequence_number) AS prev,"
                + " row_number() OVER (ORDER BY sequence_number) AS rn FROM " + schema.table("events")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2),"
                + " c AS (SELECT max(last_sequence) AS counter, coalesce(max(first_sequence), 1) AS start FROM " + schema.table("aggregate_sequences")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2)"
                + " SELECT 'INVALID_START' AS kind, sequence_number AS seq, c.start AS other FROM s, c WHERE rn = 1 AND sequence_number <> c.start"
                + " UNION ALL SELECT 'GAP', sequence_number, prev FROM s WHERE prev IS NOT NULL AND sequence_number > prev + 1"
                + " UNION ALL SELECT 'DUPLICATE', sequence_number, count(*) FROM s GROUP BY sequence_number HAVING count(*) > 1"
                + " UNION ALL SELECT 'COUNTER_BEHIND', m.top, coalesce(c.counter, 0) FROM (SELECT max(sequence_number) AS top FROM s) m, c"
                + " WHERE m.top IS NOT NULL AND coalesce(c.counter, 0) < m.top"
                + " ORDER BY seq, kind";
    }
}
