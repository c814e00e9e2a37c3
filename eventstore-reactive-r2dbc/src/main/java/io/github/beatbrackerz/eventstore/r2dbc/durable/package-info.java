/**
 * Internal: the PostgreSQL storage and coordination layer of durable subscriptions. Unsupported:
 * these types may change in any release without notice; a runner and a public API are built on
 * them.
 *
 * <p>What is stored, in the tables of {@code V5__durable_subscriptions.sql}:
 * <ul>
 *   <li>{@code subscription_segments}: one row per subscription name and segment, holding the
 *       checkpoint (a commit-safe {@link io.github.beatbrackerz.eventstore.model.Position}) and the
 *       lease (owner, fencing token, expiry, last heartbeat) and the paused flag;</li>
 *   <li>{@code subscription_members}: the instances running a name, for the fair share
 *       {@code ceil(segments / live members)};</li>
 *   <li>{@code subscription_dead_letters}: parked events.</li>
 * </ul>
 *
 * <p>How it coordinates, with PostgreSQL alone:
 * <ul>
 *   <li><b>Claims</b> take free or expired segment rows with {@code FOR UPDATE SKIP LOCKED} in one
 *       statement, so concurrent claimers never take the same row, and a claimer killed mid-claim
 *       leaves nothing half-claimed.</li>
 *   <li><b>Fencing:</b> every claim sets a new token from one sequence, so tokens are never reused.
 *       Checkpoint, renew, release and park match owner <em>and</em> token (and, except release, an
 *       unexpired lease). An owner whose lease was taken over can never write again: the fix for
 *       Axon's bug #422, where extending a claim did not check the owner.</li>
 *   <li><b>Time</b> is the database's ({@code now()}, {@code clock_timestamp()}), never the JVM's.
 *       {@link io.github.beatbrackerz.eventstore.durable.spi.Lease#expiresAt()} is for display;
 *       a runner renews on a timer well inside its lease time and trusts the renewal's answer.</li>
 *   <li><b>Exactly-once effects:</b> a checkpoint written on the caller's connection locks its row
 *       until the caller's transaction ends. A claimer skips locked rows, so even when the lease
 *       expires meanwhile, nobody takes the segment over before that transaction has committed or
 *       rolled back; after it, the claim's new token refuses the old owner.</li>
 *   <li><b>Reset and resize</b> are admin operations that need no lease: they revoke every lease of
 *       the name (new tokens, no owner), so a runner that was mid-batch loses its next checkpoint,
 *       renewal fails, and it claims again from the reset position.</li>
 *   <li><b>Pause</b> is a flag on the rows. Leases stay claimable and held while paused (ownership
 *       stays stable); the runner reads {@link io.github.beatbrackerz.eventstore.durable.spi.Lease#paused()}
 *       from each claim and renewal and stops fetching events while it is set.</li>
 *   <li><b>Replaying a parked event</b> never touches the checkpoint (KurrentDB once corrupted
 *       checkpoints that way). A replay takes the parked row under a lease of its own.</li>
 * </ul>
 *
 * <p><b>Connections.</b> No operation needs a session connection: every call is one statement in
 * autocommit on a connection borrowed for that statement, or a statement inside the caller's own
 * transaction; none uses an advisory lock, LISTEN, {@code SET}, a temporary table or any other
 * session state. Everything here therefore works through a transaction-mode pooler such as
 * Supabase's (PgBouncer {@code pool_mode = transaction}) with the statement cache off, as the
 * adapter already requires there. Only the live feed the runner reads (LISTEN/NOTIFY wake-ups)
 * needs a direct or session connection, and it falls back to polling.
 *
 * <p>Every method is lazy: nothing runs before subscription. Results are emitted on the driver's
 * event-loop thread. Failures of the database arrive as
 * {@link io.github.beatbrackerz.eventstore.error.StorageException} through {@code onError};
 * invalid arguments throw {@link io.github.beatbrackerz.eventstore.error.ValidationException} at
 * call time. Cancelling after a statement was sent does not undo it: the statement may still
 * commit.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.r2dbc.durable;

import org.jspecify.annotations.NullMarked;
