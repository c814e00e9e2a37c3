package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.durable.spi.SegmentRegistry;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentStatus;
import io.github.beatbrackerz.eventstore.error.SegmentCountMismatchException;
import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.internal.PostgresErrors;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSql;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The life of a durable subscription name: register, pause, resume, reset (also to another segment
 * count), delete, and its status per segment. Pause, resume, reset and delete are admin operations:
 * they need no lease, and reset and delete revoke every lease of the name. See the package
 * documentation for the reactive contract shared by every method.
 */
public final class SubscriptionRegistry implements SegmentRegistry {

    private static final String SEGMENTS_KEY = "subscription_segments_pkey";

    private final R2dbcSql sql;
    private final SegmentStatusQuery status;
    private final String register;
    private final String storedCount;
    private final String pause;
    private final String reset;
    private final String delete;

    SubscriptionRegistry(R2dbcSql sql, DurableTables tables) {
        this.sql = sql;
        this.status = new SegmentStatusQuery(sql, tables);
        this.register = "INSERT INTO " + tables.segments + " (subscription_name, segment, segment_count, checkpoint_transaction_id,"
                + " checkpoint_global_position, fencing_token, checkpointed_at)"
                + " SELECT $1, g, $2, $3::text::xid8, $4, " + tables.nextToken + ", now() FROM generate_series(0, $2 - 1) g"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + tables.segments + " WHERE subscription_name = $1)";
        this.storedCount = "SELECT coalesce(max(segment_count), 0) FROM " + tables.segments + " WHERE subscription_name = $1";
        this.pause = "UPDATE " + tables.segments + " SET paused = $2, updated_at = now() WHERE subscription_name = $1";
        this.reset = "WITH old AS (SELECT segment, segment_count FROM " + tables.segments + " WHERE subscription_name = $1 FOR UPDATE),"
                + " target AS (SELECT CASE WHEN $4::int > 0 THEN $4::int ELSE max(segment_count) END AS n, count(*) AS existing FROM old),"
                + " dropped AS (DELETE FROM " + tables.segments + " WHERE subscription_name = $1 AND segment >= (SELECT n FROM target)),"
                + " discarded AS (DELETE FROM " + tables.deadLetters + " WHERE subscription_name = $1 AND $5),"
                + " added AS (INSERT INTO " + tables.segments + " (subscription_name, segment, segment_count, checkpoint_transaction_id,"
                + " checkpoint_global_position, fencing_token, checkpointed_at)"
                + " SELECT $1, g, t.n, $2::text::xid8, $3, " + tables.nextToken + ", now()"
                + " FROM target t, generate_series(t.existing, t.n - 1) g WHERE t.existing > 0 RETURNING segment),"
                + " changed AS (UPDATE " + tables.segments + " SET segment_count = (SELECT n FROM target),"
                + " checkpoint_transaction_id = $2::text::xid8, checkpoint_global_position = $3, owner_id = NULL,"
                + " fencing_token = " + tables.nextToken + ", lease_expires_at = NULL, checkpointed_at = now(), updated_at = now()"
                + " WHERE subscription_name = $1 AND segment < (SELECT n FROM target) RETURNING segment)"
                + " SELECT (SELECT count(*) FROM added) + (SELECT count(*) FROM changed)";
        this.delete = "WITH parked AS (DELETE FROM " + tables.deadLetters + " WHERE subscription_name = $1),"
                + " members AS (DELETE FROM " + tables.members + " WHERE subscription_name = $1)"
                + " DELETE FROM " + tables.segments + " WHERE subscription_name = $1";
    }

    /**
     * Creates a subscription's segments, each with the start checkpoint, if the name is new.
     * Idempotent and safe when several instances register at once: exactly one creates the rows.
     *
     * <p>Lazy: one or two statements (insert, then read the stored count), each on a borrowed
     * connection, sent on subscription; emits one value on the driver's thread; database failures
     * arrive as {@code StorageException}; cancelling after the insert was sent does not undo it.
     *
     * @param subscription the subscription name
     * @param segmentCount how many segments (from 1 to 1024)
     * @param start the checkpoint to start after ({@link Position#BEGINNING} for the whole history)
     * @return {@code true} when this call created the subscription, {@code false} when it existed
     *     with the same segment count; errors with {@link SegmentCountMismatchException} when it
     *     exists with another count (reset it to change the count)
     */
    public Mono<Boolean> register(String subscription, int segmentCount, Position start) {
        String name = Arguments.name("subscription", subscription);
        int count = Arguments.segmentCount(segmentCount);
        Arguments.required("start", start);
        return sql.update(register, List.of(name, count, DurableTables.xid8(start), start.globalPosition()))
                .map(rows -> rows > 0)
                .onErrorResume(error -> PostgresErrors.violates(error, SEGMENTS_KEY), error -> Mono.just(false))
                .flatMap(created -> created ? Mono.just(true) : existing(name, count));
    }

    private Mono<Boolean> existing(String name, int count) {
        return sql.select(storedCount, List.of(name), row -> DurableRows.required(row, 0, Integer.class)).single()
                .flatMap(stored -> {
                    if (stored == count) {
                        return Mono.just(false);
                    }
                    return Mono.error(stored == 0
                            ? new StorageException("subscription '" + name + "' was deleted while it was registered", null, true)
                            : new SegmentCountMismatchException(name, count, stored));
                });
    }

    /**
     * Pauses a subscription: its owners keep their leases and deliver nothing until resumed.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param subscription the subscription name
     * @return how many segments were marked; 0 when the name is not registered
     */
    public Mono<Integer> pause(String subscription) {
        return sql.update(pause, List.of(Arguments.name("subscription", subscription), true)).map(Long::intValue);
    }

    /**
     * Resumes a paused subscription.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param subscription the subscription name
     * @return how many segments were marked; 0 when the name is not registered
     */
    public Mono<Integer> resume(String subscription) {
        return sql.update(pause, List.of(Arguments.name("subscription", subscription), false)).map(Long::intValue);
    }

    /**
     * Moves every segment's checkpoint to {@code position} (backwards to rebuild, or forwards to
     * skip), keeping the segment count and the parked events. See
     * {@link #reset(String, Position, int, boolean)}.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param subscription the subscription name
     * @param position the checkpoint to resume after
     * @return how many segments were reset; 0 when the name is not registered
     */
    public Mono<Integer> reset(String subscription, Position position) {
        return reset(Arguments.name("subscription", subscription), Arguments.required("position", position), 0, false);
    }

    /**
     * Resets a subscription in one statement: every segment's checkpoint becomes {@code position},
     * the segment count becomes {@code segmentCount} (segments are added or removed), and every
     * lease is revoked (no owner, a new token), so an owner mid-batch loses its next checkpoint and
     * renewal and claims again from the new position. The paused flag stays. Waits for open
     * checkpoint transactions of the name to end. Two concurrent resets of one name may fail one
     * of them with a retryable {@code StorageException}.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param subscription the subscription name
     * @param position the checkpoint to resume after
     * @param segmentCount the new segment count (from 1 to 1024), or 0 to keep the stored one
     * @param discardParked whether to delete the name's parked events too (a rebuild replays them)
     * @return how many segments the subscription has now; 0 when the name is not registered
     */
    public Mono<Integer> reset(String subscription, Position position, int segmentCount, boolean discardParked) {
        String name = Arguments.name("subscription", subscription);
        Arguments.required("position", position);
        int count = segmentCount == 0 ? 0 : Arguments.segmentCount(segmentCount);
        List<Object> args = List.of(name, DurableTables.xid8(position), position.globalPosition(), count, discardParked);
        return sql.select(reset, args, row -> DurableRows.required(row, 0, Long.class)).single().map(Long::intValue);
    }

    /**
     * Deletes a subscription: its segments, members and parked events. Its owners' next fenced
     * writes are refused.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param subscription the subscription name
     * @return how many segments were deleted; 0 when the name is not registered
     */
    public Mono<Integer> delete(String subscription) {
        return sql.update(delete, List.of(Arguments.name("subscription", subscription))).map(Long::intValue);
    }

    /**
     * The status of each segment of one subscription, in segment order.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits the rows on the driver's
     * thread with backpressure, then completes; database failures arrive as {@code StorageException}.
     *
     * @param subscription the subscription name
     * @return one row per segment; empty when the name is not registered
     */
    public Flux<SegmentStatus> status(String subscription) {
        return status.of(Arguments.name("subscription", subscription));
    }

    /**
     * The status of each segment of every subscription, by name and segment.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits the rows on the driver's
     * thread with backpressure, then completes; database failures arrive as {@code StorageException}.
     *
     * @return one row per segment; empty when no subscription is registered
     */
    public Flux<SegmentStatus> status() {
        return status.all();
    }
}
