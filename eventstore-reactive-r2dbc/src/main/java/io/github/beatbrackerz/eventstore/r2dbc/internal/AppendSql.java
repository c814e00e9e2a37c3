package io.github.beatbrackerz.eventstore.r2dbc.internal;

/**
 * The append statement: one round trip that reserves sequence numbers in
 * {@code aggregate_sequences} and inserts the events from {@code unnest} arrays. Atomic as one
 * statement. Before writing anything it takes a transaction-level advisory lock per stream, in
 * (aggregate type, aggregate id) order: taking a lock assigns no transaction id, so the writing
 * transactions of one stream get increasing ids in sequence order, which keeps commit-safe
 * delivery (ordered by transaction id) in per-stream sequence order; the sorted order also keeps
 * multi-stream batches from deadlocking. With an expected version above 0, a stream without a
 * counter row is not created, so the append reports a conflict. The statements return only what the server
 * generates ({@link #GENERATED_COLUMNS}).
 */
final class AppendSql {

    /**
     * What the append statements return: only the columns the server generates (sequence number, creation time as
     * microseconds since 2000-01-01, transaction id as text, global position), read by {@link #GENERATED_SEQUENCE} and
     * the following ordinals; the caller has the rest. Returning every column sent each event's payload and metadata
     * back and made the single-event statement 1.07 kB instead of 0.80, text the driver tokenizes on every call.
     * Measured on 2026-12-03 (BENCHMARKS.md, "The append statement"): single appends with 16 callers ran 1.13-1.56
     * times as fast on raw R2DBC in three runs; batches of 100 within the noise. A new row's creation time is {@code now()}, always finite, so the
     * microseconds need none of the infinity cases of {@link EventRowMapper}.
     */
    static final String GENERATED_COLUMNS = "sequence_number,"
            + " (extract(epoch FROM created_at - TIMESTAMPTZ '2000-01-01 00:00:00+00') * 1000000)::int8 AS created_at_micros,"
            + " transaction_id::text AS transaction_id_text, global_position";
    /**
     * The batch statements' columns, from their parameters, in lockstep: arrays for the short columns, and the payloads
     * and metadata as one JSON array each ({@code $6}, {@code $7}), which the caller joins from the events' JSON texts
     * without escaping anything. As {@code text[]} elements, the driver escaped every payload into an array literal
     * (JFR: about half of the driver thread's time on a batch of 100) and the server unescaped it again.
     */
    private static final String COLUMNS_FROM_PARAMETERS = "unnest($1::uuid[]), unnest($2::text[]), unnest($3::text[]), unnest($4::text[]),"
            + " unnest($5::int4[]), jsonb_array_elements($6::jsonb), jsonb_array_elements($7::jsonb), unnest($8::text[]), unnest($9::int4[])";
    /** What each counter CTE of {@link #appendGroup} returns. */
    private static final String RESERVED = " RETURNING a.aggregate_id, a.aggregate_type::text AS aggregate_type, a.last_sequence";
    /** Ordinal of the sequence number in a row of the single-event statement; the batch statement's rows start with the id. */
    static final int GENERATED_SEQUENCE = 0;

    private AppendSql() {
    }

    /**
     * @param schema the schema
     * @param checkVersion whether to add the expected-version condition ({@code $10})
     * @return the statement; parameters {@code $1..$8} are the columns id, type, aggregate id,
     *     aggregate type, version, payload, metadata and created-by (arrays, except payload and
     *     metadata: one JSON array text each, see {@link #COLUMNS_FROM_PARAMETERS}), and {@code $9} the array of
     *     each event's place among its stream's events in the batch (1, 2, …), which the caller
     *     counts so that the statement needs no window function and no sort by stream
     */
    static String append(SchemaName schema, boolean checkVersion) {
        return "WITH input AS (SELECT * FROM ROWS FROM (" + COLUMNS_FROM_PARAMETERS + ")"
                + " WITH ORDINALITY AS i(id, type, aggregate_id, aggregate_type, version, payload, metadata, created_by, nth, ord)),"
                + " counts AS (SELECT aggregate_id, aggregate_type, count(*) AS n FROM input GROUP BY aggregate_id, aggregate_type),"
                + " locked AS (SELECT count(*) AS streams FROM (SELECT pg_advisory_xact_lock(hashtextextended(aggregate_type || chr(31) || aggregate_id, 0))"
                + " FROM (SELECT aggregate_type, aggregate_id FROM counts ORDER BY aggregate_type, aggregate_id) s) l),"
                + " reserved AS (INSERT INTO " + schema.table("aggregate_sequences") + " AS a (aggregate_id, aggregate_type, last_sequence)"
                + " SELECT c.aggregate_id, c.aggregate_type, c.n FROM counts c CROSS JOIN locked"
                + (checkVersion ? " WHERE $10 = 0 OR EXISTS (SELECT 1 FROM " + schema.table("aggregate_sequences")
                        + " x WHERE x.aggregate_id = c.aggregate_id AND x.aggregate_type = c.aggregate_type)" : "")
                + " ORDER BY c.aggregate_type, c.aggregate_id"
                + " ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = a.last_sequence + EXCLUDED.last_sequence"
                + (checkVersion ? " WHERE a.last_sequence = $10" : "")
                + " RETURNING a.aggregate_id, a.aggregate_type::text AS aggregate_type, a.last_sequence)"
                + " INSERT INTO " + schema.table("events")
                + " (id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_by)"
                + " SELECT i.id, i.type, i.aggregate_id, i.aggregate_type, r.last_sequence - c.n + i.nth,"
                + " i.version, i.payload, i.metadata, i.created_by"
                + " FROM input i JOIN counts c USING (aggregate_id, aggregate_type) JOIN reserved r USING (aggregate_id, aggregate_type)"
                + " ORDER BY i.ord"
                + " RETURNING id, " + GENERATED_COLUMNS;
    }

    /**
     * The append statement for a single event: the same lock and counter rule as {@link #append},
     * with scalar parameters instead of arrays, so neither side encodes, parses or unnests an array,
     * and without the grouping, window function and joins that a batch needs. Measured with
     * pgbench (16 clients, prepared, same schema, 2026-12-02): 9,600-10,000 transactions per second,
     * where the array form of one stream made 6,600-8,100 and a raw single-row insert 11,100-11,600.
     *
     * @param schema the schema
     * @param checkVersion whether to add the expected-version condition ({@code $9})
     * @return the statement; parameters {@code $1..$8} are the event's id, type, aggregate id,
     *     aggregate type, version, payload, metadata and created-by
     */
    static String appendOneEvent(SchemaName schema, boolean checkVersion) {
        return "WITH locked AS (SELECT pg_advisory_xact_lock(hashtextextended($4::text || chr(31) || $3::text, 0))),"
                + " reserved AS (INSERT INTO " + schema.table("aggregate_sequences") + " AS a (aggregate_id, aggregate_type, last_sequence)"
                + " SELECT $3, $4, 1 FROM locked"
                + (checkVersion ? " WHERE $9 = 0 OR EXISTS (SELECT 1 FROM " + schema.table("aggregate_sequences")
                        + " x WHERE x.aggregate_id = $3 AND x.aggregate_type = $4)" : "")
                + " ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = a.last_sequence + 1"
                + (checkVersion ? " WHERE a.last_sequence = $9" : "")
                + " RETURNING a.last_sequence)"
                + " INSERT INTO " + schema.table("events")
                + " (id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_by)"
                + " SELECT $1::uuid, $2, $3, $4, r.last_sequence, $5::int4, $6::jsonb, $7::jsonb, $8 FROM reserved r"
                + " RETURNING " + GENERATED_COLUMNS;
    }

    /**
     * The statement of a coalesced group of appends ({@link AppendCoalescer}): like {@link #append}, with each event's
     * expected version in {@code $10} (an {@code int8} array, {@code NULL} for any version), so that each stream is
     * checked against its own caller's expectation. The streams of a group are disjoint between its requests, so a
     * stream's check is its request's. A stream that fails its check reserves nothing and inserts nothing; the others
     * are written. Any version upserts the counter; 0 inserts it or finds it at 0; above 0 updates it only from that
     * value (under the stream's advisory lock, so no library writer moves it in between).
     *
     * @param schema the schema
     * @return the statement; parameters as {@link #append}, plus {@code $10}
     */
    static String appendGroup(SchemaName schema) {
        return "WITH input AS (SELECT * FROM ROWS FROM (" + COLUMNS_FROM_PARAMETERS + ", unnest($10::int8[]))"
                + " WITH ORDINALITY AS i(id, type, aggregate_id, aggregate_type, version, payload, metadata, created_by, nth, expected, ord)),"
                + " counts AS (SELECT aggregate_id, aggregate_type, count(*) AS n, min(expected) AS expected FROM input GROUP BY aggregate_id, aggregate_type),"
                + " locked AS (SELECT count(*) AS streams FROM (SELECT pg_advisory_xact_lock(hashtextextended(aggregate_type || chr(31) || aggregate_id, 0))"
                + " FROM (SELECT aggregate_type, aggregate_id FROM counts ORDER BY aggregate_type, aggregate_id) s) l),"
                + " at_any AS (INSERT INTO " + schema.table("aggregate_sequences") + " AS a (aggregate_id, aggregate_type, last_sequence)"
                + " SELECT c.aggregate_id, c.aggregate_type, c.n FROM counts c CROSS JOIN locked WHERE c.expected IS NULL"
                + " ORDER BY c.aggregate_type, c.aggregate_id"
                + " ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = a.last_sequence + EXCLUDED.last_sequence" + RESERVED + "),"
                + " at_new AS (INSERT INTO " + schema.table("aggregate_sequences") + " AS a (aggregate_id, aggregate_type, last_sequence)"
                + " SELECT c.aggregate_id, c.aggregate_type, c.n FROM counts c CROSS JOIN locked WHERE c.expected = 0"
                + " ORDER BY c.aggregate_type, c.aggregate_id"
                + " ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = a.last_sequence + EXCLUDED.last_sequence"
                + " WHERE a.last_sequence = 0" + RESERVED + "),"
                + " at_version AS (UPDATE " + schema.table("aggregate_sequences") + " AS a SET last_sequence = a.last_sequence + c.n FROM counts c CROSS JOIN locked"
                + " WHERE c.expected > 0 AND a.aggregate_id = c.aggregate_id AND a.aggregate_type = c.aggregate_type AND a.last_sequence = c.expected"
                + RESERVED + "),"
                + " reserved AS (SELECT * FROM at_any UNION ALL SELECT * FROM at_new UNION ALL SELECT * FROM at_version)"
                + " INSERT INTO " + schema.table("events")
                + " (id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_by)"
                + " SELECT i.id, i.type, i.aggregate_id, i.aggregate_type, r.last_sequence - c.n + i.nth,"
                + " i.version, i.payload, i.metadata, i.created_by"
                + " FROM input i JOIN counts c USING (aggregate_id, aggregate_type) JOIN reserved r USING (aggregate_id, aggregate_type)"
                + " ORDER BY i.ord"
                + " RETURNING id, " + GENERATED_COLUMNS;
    }

    /**
     * @param schema the schema
     * @return a query for stored events by id, {@code $1} a uuid array
     */
    static String findByIds(SchemaName schema) {
        return "SELECT " + EventRowMapper.COLUMNS + " FROM " + schema.table("events") + " WHERE id = ANY($1::uuid[])";
    }

    /**
     * @param schema the schema
     * @return a query for one counter, {@code $1} aggregate id and {@code $2} aggregate type
     */
    static String currentSequence(SchemaName schema) {
        return "SELECT last_sequence FROM " + schema.table("aggregate_sequences") + " WHERE aggregate_id = $1 AND aggregate_type = $2";
    }
}
