package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentLeaseStore;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSql;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who runs which segment: member heartbeats, fair-share claims, fenced renewals and releases, and
 * the surplus a member hands back when others join. Each call is one statement in autocommit on a
 * connection borrowed for it. See the package documentation for the reactive contract shared by
 * every method (lazy, emits on the driver's thread, {@code StorageException} on database failure,
 * {@code ValidationException} thrown for bad arguments).
 *
 * <p>A runner's loop per subscription, every few seconds (well inside the lease time):
 * {@link #heartbeat}, then {@link #renew} its leases (stop the segments not returned), then
 * {@link #surplus} (stop those segments, then {@link #release} them), then {@link #claim}.
 * Owner ids must be unique per running instance (for example a random UUID per start).
 */
public final class SegmentLeases implements SegmentLeaseStore {

    private final R2dbcSql sql;
    private final String heartbeat;
    private final String leave;
    private final String liveMembers;
    private final String claim;
    private final String renew;
    private final String release;
    private final String surplus;

    SegmentLeases(R2dbcSql sql, DurableTables tables) {
        this.sql = sql;
        this.heartbeat = "WITH beat AS (INSERT INTO " + tables.members + " (subscription_name, member_id, heartbeat_at, expires_at)"
                + " VALUES ($1, $2, now(), " + DurableTables.nowPlusMillis(3) + ")"
                + " ON CONFLICT (subscription_name, member_id) DO UPDATE SET heartbeat_at = now(), expires_at = EXCLUDED.expires_at"
                + " RETURNING member_id),"
                + " purge AS (DELETE FROM " + tables.members + " WHERE subscription_name = $1 AND member_id <> $2 AND expires_at <= now())"
                + " SELECT 1 + count(*) FROM " + tables.members + " WHERE subscription_name = $1 AND member_id <> $2 AND expires_at > now()";
        this.leave = "DELETE FROM " + tables.members + " WHERE subscription_name = $1 AND member_id = $2";
        this.liveMembers = "SELECT count(*) FROM " + tables.members + " WHERE subscription_name = $1 AND expires_at > now()";
        this.claim = "WITH wanted AS (SELECT greatest(" + tables.fairShare() + " - count(*), 0) AS n FROM " + tables.segments
                + " WHERE subscription_name = $1 AND owner_id = $2 AND lease_expires_at > now()),"
                + " free AS (SELECT segment FROM " + tables.segments
                + " WHERE subscription_name = $1 AND (owner_id IS NULL OR lease_expires_at <= now())"
                + " ORDER BY segment LIMIT least((SELECT n FROM wanted), $4) FOR UPDATE SKIP LOCKED)"
                + " UPDATE " + tables.segments + " s SET owner_id = $2, fencing_token = " + tables.nextToken + ","
                + " lease_expires_at = " + DurableTables.nowPlusMillis(3) + ", heartbeat_at = now(), updated_at = now()"
                + " FROM free WHERE s.subscription_name = $1 AND s.segment = free.segment"
                + " RETURNING " + DurableTables.LEASE_COLUMNS;
        this.renew = "UPDATE " + tables.segments + " s SET lease_expires_at = " + DurableTables.nowPlusMillis(5) + ", heartbeat_at = now()"
                + " FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[]) AS l(subscription_name, segment, owner_id, token)"
                + " WHERE s.subscription_name = l.subscription_name AND s.segment = l.segment AND s.owner_id = l.owner_id"
                + " AND s.fencing_token = l.token AND s.lease_expires_at > now()"
                + " RETURNING " + DurableTables.LEASE_COLUMNS;
        this.release = "UPDATE " + tables.segments + " SET owner_id = NULL, lease_expires_at = now(), updated_at = now()"
                + " WHERE subscription_name = $1 AND segment = $2 AND owner_id = $3 AND fencing_token = $4";
        this.surplus = "SELECT " + DurableTables.LEASE_COLUMNS + " FROM " + tables.segments + " s"
                + " WHERE s.subscription_name = $1 AND s.owner_id = $2 AND s.lease_expires_at > now()"
                + " ORDER BY s.segment OFFSET " + tables.fairShare();
    }

    /**
     * Records that a member runs a subscription, until {@code ttl} from now (database time), and
     * forgets members of the name whose heartbeat expired.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param subscription the subscription name
     * @param member the member's id, unique per running instance
     * @param ttl how long the member counts as live without another heartbeat
     * @return the number of live members, this one included
     */
    public Mono<Integer> heartbeat(String subscription, String member, Duration ttl) {
        List<Object> args = List.of(Arguments.name("subscription", subscription), Arguments.name("member", member),
                Arguments.millis("ttl", ttl));
        return sql.select(heartbeat, args, row -> DurableRows.required(row, 0, Long.class)).single().map(Long::intValue);
    }

    /**
     * Removes a member at once (graceful stop), so the others' fair share grows without waiting
     * for its heartbeat to expire.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param subscription the subscription name
     * @param member the member's id
     * @return whether the member was recorded
     */
    public Mono<Boolean> leave(String subscription, String member) {
        return sql.update(leave, List.of(Arguments.name("subscription", subscription), Arguments.name("member", member)))
                .map(rows -> rows > 0);
    }

    /**
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param subscription the subscription name
     * @return how many members have an unexpired heartbeat
     */
    public Mono<Integer> liveMembers(String subscription) {
        return sql.select(liveMembers, List.of(Arguments.name("subscription", subscription)),
                row -> DurableRows.required(row, 0, Long.class)).single().map(Long::intValue);
    }

    /**
     * Claims free or expired segments of a subscription: at most {@code max}, and no more than
     * brings the owner up to its fair share ({@code ceil(segments / live members)}; one live member
     * is assumed when none has a heartbeat). Rows locked by a concurrent claim or an open
     * checkpoint transaction are skipped, never waited for. Paused segments are claimed too.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits the rows on the driver's
     * thread with backpressure, then completes; database failures arrive as {@code StorageException}.
     *
     * @param subscription the subscription name
     * @param owner the claiming owner, unique per running instance
     * @param leaseTime how long the lease lasts without renewal
     * @param max the most segments to claim in this call
     * @return the new leases, each with a fresh token and the stored checkpoint; empty when
     *     nothing is free, the owner has its share, or the name is not registered
     */
    public Flux<Lease> claim(String subscription, String owner, Duration leaseTime, int max) {
        List<Object> args = List.of(Arguments.name("subscription", subscription), Arguments.name("owner", owner),
                Arguments.millis("leaseTime", leaseTime), Arguments.positive("max", max));
        return sql.select(claim, args, DurableRows::lease);
    }

    /**
     * Extends leases to {@code leaseTime} from now, in one statement. Fenced: a lease is extended
     * only if its owner and token still match and it has not expired.
     *
     * <p>Lazy: one statement (none for no leases) on a borrowed connection, sent on subscription; emits the rows on the driver's
     * thread with backpressure, then completes; database failures arrive as {@code StorageException}.
     *
     * @param leases the leases to renew (of any subscriptions); none for an empty collection
     * @param leaseTime the new lease time from now
     * @return the leases still held, refreshed (expiry, checkpoint, paused flag); a lease missing
     *     from the result is lost and its segment must stop
     */
    public Flux<Lease> renew(Collection<Lease> leases, Duration leaseTime) {
        long millis = Arguments.millis("leaseTime", leaseTime);
        if (Arguments.required("leases", leases).isEmpty()) {
            return Flux.empty();
        }
        String[] names = leases.stream().map(Lease::subscription).toArray(String[]::new);
        Integer[] segments = leases.stream().map(Lease::segment).toArray(Integer[]::new);
        String[] owners = leases.stream().map(Lease::owner).toArray(String[]::new);
        Long[] tokens = leases.stream().map(Lease::token).toArray(Long[]::new);
        return sql.select(renew, List.of(names, segments, owners, tokens, millis), DurableRows::lease);
    }

    /**
     * Hands a segment back at once (graceful stop or rebalancing), so another member can claim it
     * without waiting for the lease to expire. Fenced by owner and token; the checkpoint stays.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits one value on the driver's
     * thread; database failures arrive as {@code StorageException}; cancelling after the statement was sent does
     * not undo it.
     *
     * @param lease the lease to give up
     * @return whether it was still held (by this owner and token) and is now free
     */
    public Mono<Boolean> release(Lease lease) {
        Arguments.required("lease", lease);
        return sql.update(release, List.of(lease.subscription(), lease.segment(), lease.owner(), lease.token()))
                .map(rows -> rows > 0);
    }

    /**
     * The leases an owner holds above its fair share (its highest-numbered segments beyond the
     * share, in segment order): after a member joins, stop these segments' processing and {@link #release} them. Nothing is
     * changed by this call.
     *
     * <p>Lazy: one statement on a borrowed connection, sent on subscription; emits the rows on the driver's
     * thread with backpressure, then completes; database failures arrive as {@code StorageException}.
     *
     * @param subscription the subscription name
     * @param owner the owner
     * @return the surplus leases; empty when the owner holds no more than its share
     */
    public Flux<Lease> surplus(String subscription, String owner) {
        return sql.select(surplus, List.of(Arguments.name("subscription", subscription), Arguments.name("owner", owner)),
                DurableRows::lease);
    }
}
