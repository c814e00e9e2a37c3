package io.github.beatbrackerz.eventstore.durable.spi;

import java.time.Duration;
import java.util.Collection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who runs which segment: member heartbeats, fair-share claims, fenced renewals and releases, and
 * the surplus a member hands back when others join. See the package documentation for the shared
 * contract.
 *
 * <p>A runner's loop per subscription, every renew interval (well inside the lease time): {@link
 * #renew} its leases (stop the segments not returned), {@link #heartbeat}, then {@link #surplus}
 * (stop those segments, then {@link #release} them), then {@link #claim}. Owner ids must be unique
 * per running instance.
 */
public interface SegmentLeaseStore {

    /**
     * Records that a member runs a subscription until {@code ttl} from now, and forgets members of
     * the name whose heartbeat expired.
     *
     * @param subscription the subscription name
     * @param member the member's id, unique per running instance
     * @param ttl how long the member counts as live without another heartbeat
     * @return emits the number of live members, this one included
     */
    Mono<Integer> heartbeat(String subscription, String member, Duration ttl);

    /**
     * Removes a member at once (graceful stop), so the others' fair share grows without waiting
     * for its heartbeat to expire.
     *
     * @param subscription the subscription name
     * @param member the member's id
     * @return emits whether the member was recorded
     */
    Mono<Boolean> leave(String subscription, String member);

    /**
     * Claims free or expired segments: at most {@code max}, and no more than brings the owner up
     * to its fair share ({@code ceil(segments / live members)}, one member assumed when none is
     * live). Concurrent claimers never get the same segment. Paused segments are claimed too.
     *
     * @param subscription the subscription name
     * @param owner the claiming owner
     * @param leaseTime how long the leases last without renewal
     * @param max the most segments to claim in this call
     * @return the new leases, each with a fresh token and the stored checkpoint; empty when
     *     nothing is free or the owner has its share
     */
    Flux<Lease> claim(String subscription, String owner, Duration leaseTime, int max);

    /**
     * Extends leases to {@code leaseTime} from now. Fenced: a lease is extended only while its
     * owner and token match and it has not expired.
     *
     * @param leases the leases to renew; none for an empty collection
     * @param leaseTime the new lease time from now
     * @return the leases still held, refreshed (expiry, checkpoint, paused flag); a lease missing
     *     from the result is lost and its segment must stop
     */
    Flux<Lease> renew(Collection<Lease> leases, Duration leaseTime);

    /**
     * Hands a segment back at once, so another member can claim it without waiting for the lease
     * to expire. Fenced by owner and token; the checkpoint stays.
     *
     * @param lease the lease to give up
     * @return emits whether it was still held and is now free
     */
    Mono<Boolean> release(Lease lease);

    /**
     * The leases an owner holds above its fair share (its highest-numbered segments): after a
     * member joins, stop these segments and {@link #release} them. Changes nothing.
     *
     * @param subscription the subscription name
     * @param owner the owner
     * @return the surplus leases; empty when the owner holds no more than its share
     */
    Flux<Lease> surplus(String subscription, String owner);
}
