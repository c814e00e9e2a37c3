package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.durable.spi.CheckpointStore;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSql;
import io.r2dbc.spi.Connection;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Fenced checkpoint writes: a checkpoint moves only while the writer's lease is held (owner and
 * token match and it has not expired, by the database's clock), and never backwards. An owner
 * that lost its lease can never advance the checkpoint. See the package documentation for the
 * reactive contract shared by every method.
 */
public final class Checkpoints implements CheckpointStore {

    private final R2dbcSql sql;
    private final String checkpoint;
    private final String advance;

    Checkpoints(R2dbcSql sql, DurableTables tables) {
        this.sql = sql;
        String later = "(checkpoint_transaction_id, checkpoint_global_position) < ($5::text::xid8, $6)";
        // clock_timestamp(), not now(): on the caller's connection now() is the start of its transaction.
        this.checkpoint = "UPDATE " + tables.segments + " SET"
                + " checkpoint_transaction_id = CASE WHEN " + later + " THEN $5::text::xid8 ELSE checkpoint_transaction_id END,"
                + " checkpoint_global_position = CASE WHEN " + later + " THEN $6 ELSE checkpoint_global_position END,"
                + " checkpointed_at = clock_timestamp(), updated_at = clock_timestamp()"
                + " WHERE subscription_name = $1 AND segment = $2 AND owner_id = $3 AND fencing_token = $4"
                + " AND lease_expires_at > clock_timestamp()";
        this.advance = "WITH old AS (SELECT checkpoint_transaction_id AS tx, checkpoint_global_position AS gp FROM " + tables.segments
                + " WHERE subscription_name = $1 AND segment = $2 FOR UPDATE)"
                + " UPDATE " + tables.segments + " s SET checkpoint_transaction_id = CASE WHEN (old.tx, old.gp) < ($5::text::xid8, $6)"
                + " THEN $5::text::xid8 ELSE old.tx END,"
                + " checkpoint_global_position = CASE WHEN (old.tx, old.gp) < ($5::text::xid8, $6) THEN $6 ELSE old.gp END,"
                + " checkpointed_at = clock_timestamp(), updated_at = clock_timestamp() FROM old"
                + " WHERE s.subscription_name = $1 AND s.segment = $2 AND s.owner_id = $3 AND s.fencing_token = $4"
                + " AND s.lease_expires_at > clock_timestamp()"
                + " RETURNING (old.tx, old.gp) < ($5::text::xid8, $6)";
    }

    /**
     * Stores a checkpoint in its own statement (at-least-once delivery: call it after the handled
     * events' {@code Mono}s completed).
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param lease the writer's lease
     * @param position the position of the last handled event; an earlier one than stored leaves
     *     the stored one
     * @return {@code true} when the lease is held and the checkpoint is now at least
     *     {@code position}; {@code false} when the lease was lost and nothing changed
     */
    public Mono<Boolean> checkpoint(Lease lease, Position position) {
        return sql.update(checkpoint, args(lease, position)).map(rows -> rows > 0);
    }

    /**
     * Stores a checkpoint inside the caller's transaction on the caller's connection (exactly-once
     * effects: the handler's writes and the checkpoint commit or roll back together). The segment's
     * row stays locked until that transaction ends, so nobody takes the segment over meanwhile,
     * even if the lease expires. The connection is neither committed nor closed here. Under
     * {@code REPEATABLE READ} or {@code SERIALIZABLE}, a claim or reset committed since the
     * transaction's snapshot fails the statement with a retryable {@code StorageException}
     * (SQLSTATE 40001) instead of a {@link LeaseLostException}; roll back either way.
     *
     * <p>Lazy: one statement on the caller's connection, sent on subscription; completes empty on the driver's
     * thread; database failures arrive as {@code StorageException}.
     *
     * @param connection the connection of the caller's open transaction
     * @param lease the writer's lease
     * @param position the position of the last handled event; an earlier one than stored leaves
     *     the stored one
     * @return completes when the checkpoint is written in the transaction; errors with
     *     {@link LeaseLostException} when the lease was lost, and then the caller must roll back
     */
    public Mono<Void> checkpoint(Connection connection, Lease lease, Position position) {
        Arguments.required("connection", connection);
        List<Object> args = args(lease, position);
        return R2dbcSql.update(connection, checkpoint, args).flatMap(rows -> rows > 0 ? Mono.<Void>empty()
                : Mono.error(new LeaseLostException(lease.subscription(), lease.segment(), lease.owner(), lease.token())));
    }

    /**
     * Like {@link #checkpoint(Connection, Lease, Position)}, and also tells whether the checkpoint
     * moved: a transactional handler whose commit was acknowledged too late (the connection died
     * after the commit) retries a batch whose effects already committed; the stored checkpoint is
     * then at or after {@code position} already, and the caller rolls the retry back instead of
     * applying its effects twice.
     *
     * <p>Lazy: one statement on the caller's connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}.
     *
     * @param connection the connection of the caller's open transaction
     * @param lease the writer's lease
     * @param position the position of the last event of the batch
     * @return {@code true} when the checkpoint moved forward to {@code position} in the transaction;
     *     {@code false} when it was already at or after it (roll back: the batch is applied);
     *     errors with {@link LeaseLostException} when the lease was lost (roll back)
     */
    public Mono<Boolean> advance(Connection connection, Lease lease, Position position) {
        Arguments.required("connection", connection);
        List<Object> args = args(lease, position);
        return R2dbcSql.select(connection, advance, args, row -> DurableRows.required(row, 0, Boolean.class))
                .singleOrEmpty()
                .switchIfEmpty(Mono.error(() -> new LeaseLostException(lease.subscription(), lease.segment(), lease.owner(),
                        lease.token())));
    }

    private static List<Object> args(Lease lease, Position position) {
        Arguments.required("lease", lease);
        Arguments.required("position", position);
        return List.of(lease.subscription(), lease.segment(), lease.owner(), lease.token(), DurableTables.xid8(position),
                position.globalPosition());
    }
}
