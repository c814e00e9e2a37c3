package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetter;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetterStore;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.ReplayClaim;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Parked (dead-lettered) events: park under a lease, list, skip, and replay. Parking the same
 * event of a subscription again updates its row (error, attempts, time). A replay takes a parked
 * row under a hold of its own (token and expiry) and never touches the subscription's checkpoint.
 * See the package documentation for the reactive contract shared by every method.
 */
public final class DeadLetters implements DeadLetterStore {

    private static final String COLUMNS = "d.id, d.subscription_name, d.segment, d.transaction_id::text AS tx, d.global_position,"
            + " d.event_id, d.error, d.attempts, d.parked_at, d.replay_until, d.replay_token";

    private final R2dbcSql sql;
    private final String park;
    private final String list;
    private final String skip;
    private final String takeNext;
    private final String takeOne;
    private final String replayed;
    private final String replayFailed;

    DeadLetters(R2dbcSql sql, DurableTables tables) {
        this.sql = sql;
        this.park = "INSERT INTO " + tables.deadLetters + " AS d (subscription_name, segment, transaction_id, global_position,"
                + " event_id, error, attempts)"
                + " SELECT s.subscription_name, s.segment, $5::text::xid8, $6, $7, $8, $9 FROM " + tables.segments + " s"
                + " WHERE s.subscription_name = $1 AND s.segment = $2 AND s.owner_id = $3 AND s.fencing_token = $4"
                + " AND s.lease_expires_at > clock_timestamp() FOR SHARE"
                + " ON CONFLICT (subscription_name, event_id) DO UPDATE SET segment = EXCLUDED.segment,"
                + " transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position, error = EXCLUDED.error,"
                + " attempts = EXCLUDED.attempts, parked_at = now(), replay_token = NULL, replay_until = NULL";
        this.list = "SELECT " + COLUMNS + " FROM " + tables.deadLetters + " d WHERE d.subscription_name = $1 ORDER BY d.id";
        this.skip = "DELETE FROM " + tables.deadLetters + " WHERE subscription_name = $1 AND id = $2";
        String take = "UPDATE " + tables.deadLetters + " d SET replay_token = " + tables.nextToken + ","
                + " replay_until = " + DurableTables.nowPlusMillis(2)
                + " WHERE d.id = (SELECT id FROM " + tables.deadLetters
                + " WHERE subscription_name = $1 AND (replay_until IS NULL OR replay_until <= now())%s"
                + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS;
        this.takeNext = String.format(take, "");
        this.takeOne = String.format(take, " AND id = $3");
        this.replayed = "DELETE FROM " + tables.deadLetters + " WHERE id = $1 AND replay_token = $2 AND replay_until > clock_timestamp()";
        this.replayFailed = "UPDATE " + tables.deadLetters + " SET attempts = attempts + 1, error = $3, replay_token = NULL,"
                + " replay_until = NULL WHERE id = $1 AND replay_token = $2";
    }

    /**
     * Parks an event of the lease's segment. Fenced like a checkpoint: an owner that lost its
     * lease parks nothing. The checkpoint is not moved: checkpoint past the event as usual.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param lease the parking owner's lease
     * @param letter the event and its failure
     * @return {@code true} when parked (or its existing row updated); {@code false} when the lease
     *     was lost and nothing changed
     */
    public Mono<Boolean> park(Lease lease, DeadLetter letter) {
        Arguments.required("lease", lease);
        Arguments.required("letter", letter);
        List<Object> args = List.of(lease.subscription(), lease.segment(), lease.owner(), lease.token(),
                DurableTables.xid8(letter.position()), letter.position().globalPosition(), letter.eventId(), letter.error(),
                letter.attempts());
        return sql.update(park, args).map(rows -> rows > 0);
    }

    /**
     * Streams a subscription's parked events, oldest row first, with backpressure.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits the rows on the driver's
     * thread with backpressure, then completes; database failures arrive as {@code StorageException}.
     *
     * @param subscription the subscription name
     * @return the parked events; empty when there are none
     */
    public Flux<ParkedEvent> list(String subscription) {
        return sql.select(list, List.of(Arguments.name("subscription", subscription)), DeadLetters::parked);
    }

    /**
     * Deletes a parked event without replaying it. A replay in progress on it then fails to
     * complete.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param subscription the subscription name
     * @param id the parked row's id
     * @return whether the row existed
     */
    public Mono<Boolean> skip(String subscription, long id) {
        return sql.update(skip, List.of(Arguments.name("subscription", subscription), id)).map(rows -> rows > 0);
    }

    /**
     * Takes the oldest parked event that nobody is replaying, for {@code holdTime}. Concurrent
     * takers get different rows. Complete with {@link #replayed(ReplayClaim)} or
     * {@link #replayFailed}; a hold that expires makes the row available again.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits at most one value on the
     * driver's thread; database failures arrive as {@code StorageException}; cancelling after the statement was
     * sent does not undo it.
     *
     * @param subscription the subscription name
     * @param holdTime how long the replay may take
     * @return the claim; empty when no parked event is available
     */
    public Mono<ReplayClaim> takeForReplay(String subscription, Duration holdTime) {
        List<Object> args = List.of(Arguments.name("subscription", subscription), Arguments.millis("holdTime", holdTime));
        return sql.select(takeNext, args, DeadLetters::claim).next();
    }

    /**
     * Takes one parked event by id for a replay, like {@link #takeForReplay(String, Duration)}.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits at most one value on the
     * driver's thread; database failures arrive as {@code StorageException}; cancelling after the statement was
     * sent does not undo it.
     *
     * @param subscription the subscription name
     * @param id the parked row's id
     * @param holdTime how long the replay may take
     * @return the claim; empty when there is no such row or someone else holds it
     */
    public Mono<ReplayClaim> takeForReplay(String subscription, long id, Duration holdTime) {
        List<Object> args = List.of(Arguments.name("subscription", subscription), Arguments.millis("holdTime", holdTime), id);
        return sql.select(takeOne, args, DeadLetters::claim).next();
    }

    /**
     * Completes a replay: deletes the parked row if the claim still holds it.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param claim the replay's claim
     * @return {@code true} when deleted; {@code false} when the hold expired, the row was skipped,
     *     parked again or taken by another replay, and nothing changed
     */
    public Mono<Boolean> replayed(ReplayClaim claim) {
        return sql.update(replayed, claimArgs(claim)).map(rows -> rows > 0);
    }

    /**
     * Completes a replay inside the caller's transaction on the caller's connection, so a
     * transactional handler's writes and the row's deletion commit or roll back together. The
     * connection is neither committed nor closed here.
     *
     * <p>Lazy: one statement on the caller's connection, sent on subscription; completes empty on the driver's
     * thread; database failures arrive as {@code StorageException}.
     *
     * @param connection the connection of the caller's open transaction
     * @param claim the replay's claim
     * @return completes when the row is deleted in the transaction; errors with
     *     {@link LeaseLostException} (segment and token of the claim) when the claim no longer
     *     holds it, and then the caller must roll back
     */
    public Mono<Void> replayed(Connection connection, ReplayClaim claim) {
        Arguments.required("connection", connection);
        ParkedEvent parked = Arguments.required("claim", claim).parked();
        return R2dbcSql.update(connection, replayed, claimArgs(claim)).flatMap(rows -> rows > 0 ? Mono.<Void>empty()
                : Mono.error(new LeaseLostException(parked.subscription(), parked.segment(), "replay of parked event " + parked.id(),
                        claim.token())));
    }

    /**
     * Records a failed replay: one more attempt, the new error, and the row free for another try.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param claim the replay's claim
     * @param error what the failure said, cut to {@value DeadLetter#MAX_ERROR_LENGTH} characters
     * @return {@code true} when recorded; {@code false} when the claim no longer holds the row
     */
    public Mono<Boolean> replayFailed(ReplayClaim claim, String error) {
        String text = DeadLetter.cut(Arguments.required("error", error));
        ReplayClaim held = Arguments.required("claim", claim);
        return sql.update(replayFailed, List.of(held.parked().id(), held.token(), text)).map(rows -> rows > 0);
    }

    private static List<Object> claimArgs(ReplayClaim claim) {
        Arguments.required("claim", claim);
        return List.of(claim.parked().id(), claim.token());
    }

    private static ParkedEvent parked(Readable row) {
        return new ParkedEvent(DurableRows.required(row, "id", Long.class), DurableRows.required(row, "subscription_name", String.class),
                DurableRows.required(row, "segment", Integer.class), DurableRows.position(row, "tx", "global_position"),
                DurableRows.required(row, "event_id", UUID.class), DurableRows.required(row, "error", String.class),
                DurableRows.required(row, "attempts", Integer.class), DurableRows.required(row, "parked_at", Instant.class),
                row.get("replay_until", Instant.class));
    }

    private static ReplayClaim claim(Readable row) {
        ParkedEvent parked = parked(row);
        return new ReplayClaim(parked, DurableRows.required(row, "replay_token", Long.class),
                DurableRows.required(row, "replay_until", Instant.class));
    }
}
