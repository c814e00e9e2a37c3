package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.error.PositionRebaseRequiredException;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Checks that no stored event carries a transaction id at or above the database's transaction
 * counter ({@code pg_snapshot_xmax(pg_current_snapshot())}, the next id to be assigned). A
 * database that always lived in one cluster, or a physical standby promoted by failover, passes:
 * every id it stored was assigned by that counter. A restore from {@code pg_dump}, a copy by
 * logical replication or any other move to a new cluster fails while the new counter is below
 * the old ids, with a {@link PositionRebaseRequiredException} that names the fix.
 *
 * <p>The check is one index range scan on {@code (transaction_id, global_position)}, empty in a
 * healthy store, and assigns no transaction id. The subscription engine runs it at the start of
 * every reader session; {@link SchemaInitializer} runs it after the migrations.
 */
public final class TransactionHorizon {

    /** What to run: completes the message of {@link PositionRebaseRequiredException}. */
    public static final String FIX = "Stop the writers, run R2dbcEventStoreBuilder.rebasePositions() once, clear the event cache,"
            + " then start again; see README, \"Operations: backup, restore and migration\".";

    private final R2dbcSql sql;
    private final String query;

    /**
     * @param connectionFactory where to run the check (a pool is fine)
     * @param schema the store's schema
     */
    public TransactionHorizon(ConnectionFactory connectionFactory, SchemaName schema) {
        this.sql = new R2dbcSql(connectionFactory);
        this.query = "SELECT count(*) AS ahead, coalesce(max(transaction_id::text::bigint), 0) AS highest,"
                + " pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS counter FROM " + schema.table("events")
                + " WHERE transaction_id >= pg_snapshot_xmax(pg_current_snapshot())";
    }

    /**
     * Runs the check. Lazy: one query on subscription, on a connection borrowed for it.
     *
     * @return completes empty when every stored transaction id lies below the counter; errors with
     *     {@link PositionRebaseRequiredException} (not retryable) when some do not, or with a
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException} when the query fails
     */
    public Mono<Void> verify() {
        return sql.select(query, List.of(), TransactionHorizon::check).then();
    }

    private static Boolean check(Readable row) {
        long ahead = number(row, "ahead");
        if (ahead > 0) {
            throw new PositionRebaseRequiredException(ahead, number(row, "highest"), number(row, "counter"), FIX);
        }
        return Boolean.TRUE;
    }

    private static long number(Readable row, String column) {
        return Objects.requireNonNull(row.get(column, Long.class), column);
    }
}
