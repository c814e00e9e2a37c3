package io.github.beatbrackerz.eventstore.r2dbc.internal;

/**
 * The statements of {@link PositionRebase}. Numbers are placed into the text as {@code long}
 * literals because {@code CREATE TABLE AS} takes no bind parameters; nothing else is.
 */
final class RebaseSql {

    /** The temporary plan: one row per event, dropped at the end of the transaction. */
    static final String PLAN = "pg_temp.eventstore_rebase_plan";

    private RebaseSql() {
    }

    /** @return the table lock that keeps writers out until the rebase commits; readers go on */
    static String lock(SchemaName schema) {
        return "LOCK TABLE " + schema.table("events") + " IN EXCLUSIVE MODE";
    }

    /**
     * @return the horizon: {@code xmin} (no transaction below it is still running), {@code xmax}
     *     (the next transaction id) and {@code moved}, how many events carry an id at or above it
     */
    static String horizon(SchemaName schema) {
        return "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin,"
                + " pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax,"
                + " (SELECT count(*) FROM " + schema.table("events") + " WHERE transaction_id >= pg_snapshot_xmax(pg_current_snapshot())) AS moved";
    }

    /**
     * The plan. Events with an id at or above the counter came from the old cluster, and so did
     * every event up to the highest global position among them; events after that position with
     * an id below the counter were written here after the move ({@code native}). The new order is
     * the old one, then the native events: (native, old id, global position). Consecutive events
     * whose global positions rise share one new transaction id, because within one id the reader
     * orders by global position; a new id ({@code run}) starts wherever the global position falls.
     *
     * @param xmax the counter read by {@link #horizon}
     */
    static String plan(SchemaName schema, long xmax) {
        String counter = "'" + xmax + "'::xid8";
        return "CREATE TEMP TABLE eventstore_rebase_plan ON COMMIT DROP AS"
                + " WITH moved AS (SELECT max(global_position) AS last FROM " + schema.table("events")
                + " WHERE transaction_id >= " + counter + "),"
                + " classified AS (SELECT e.global_position, e.transaction_id AS old_tx,"
                + " (e.transaction_id < " + counter + " AND e.global_position > m.last) AS native"
                + " FROM " + schema.table("events") + " e CROSS JOIN moved m),"
                + " ordered AS (SELECT c.*, lag(c.global_position) OVER (ORDER BY native, old_tx, global_position) AS previous"
                + " FROM classified c)"
                + " SELECT global_position, old_tx, native,"
                + " sum(CASE WHEN previous IS NULL OR global_position < previous THEN 1 ELSE 0 END)"
                + " OVER (ORDER BY native, old_tx, global_position) AS run FROM ordered";
    }

    /** @return the plan's size: {@code runs} (new transaction ids needed) and {@code events} */
    static String planSize() {
        return "SELECT coalesce(max(run), 0)::bigint AS runs, count(*) AS events FROM " + PLAN;
    }

    /**
     * @param floor the new ids are {@code floor + run}
     * @return the insert recording old to new ids under the next rebase id
     */
    static String record(SchemaName schema, long floor) {
        String rebases = schema.table("position_rebases");
        return "INSERT INTO " + rebases + " (rebase_id, old_transaction_id, first_position, last_position, new_transaction_id)"
                + " SELECT (SELECT coalesce(max(rebase_id), 0) + 1 FROM " + rebases + "), old_tx, min(global_position),"
                + " max(global_position), (" + floor + " + run)::text::xid8 FROM " + PLAN + " GROUP BY native, old_tx, run";
    }

    /**
     * @param floor the new ids are {@code floor + run}
     * @return the update giving every event its new transaction id
     */
    static String apply(SchemaName schema, long floor) {
        return "UPDATE " + schema.table("events") + " e SET transaction_id = (" + floor + " + p.run)::text::xid8"
                + " FROM " + PLAN + " p WHERE e.global_position = p.global_position";
    }

    /**
     * @param transactions how many transaction ids to consume
     * @return a block that consumes them in as many tiny transactions (asynchronous commits);
     *     needs a connection outside any transaction
     */
    static String advanceCounter(long transactions) {
        return "DO $eventstore$ BEGIN FOR i IN 1.." + transactions + " LOOP"
                + " PERFORM set_config('synchronous_commit', 'off', true); PERFORM pg_current_xact_id(); COMMIT;"
                + " END LOOP; END $eventstore$";
    }
}
