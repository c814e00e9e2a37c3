package io.github.beatbrackerz.eventstore.durable;

import java.util.Set;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A durable subscription running on this instance: it holds leases on some of the name's
 * segments and delivers their events, until it is stopped. Thread-safe.
 *
 * <p>Two ways to end it: {@link #stop()} hands its segments over gracefully (for an application's
 * shutdown), {@link #dispose()} stops at once as a crash would (its segments are taken over when
 * their leases expire).
 */
public interface DurableSubscription extends Disposable {

    /** @return the subscription's name */
    String name();

    /** @return this instance's owner id, unique per start: the {@code owner} its segments show in the status */
    String owner();

    /**
     * Stops gracefully: no further events are fetched, the handlers in flight finish (a retry
     * waiting for its backoff gives up), each segment stores its checkpoint and releases its
     * lease, so another instance takes the segments over at once, and the instance leaves the
     * name's members. A handler that does not finish within the lease time is cancelled.
     * Leases stay renewed meanwhile, so nobody else runs these segments before they are released.
     *
     * <p>Starts on subscription; idempotent (later calls join the same stop). Completes when
     * every segment is released, on a timer or storage thread; never errors (a release that fails
     * is logged, and that lease expires instead). Cancelling the returned {@code Mono} does not
     * cancel the stop.
     *
     * @return completes when stopped
     */
    Mono<Void> stop();

    /**
     * Stops at once, without handing over: handlers in flight are cancelled, nothing more is
     * stored, and leases are left to expire, as after a crash. Idempotent; returns at once.
     */
    @Override
    void dispose();

    /** @return whether it still runs: not stopped, not disposed */
    boolean isRunning();

    /** @return the segments this instance holds leases on right now (a snapshot) */
    Set<Integer> segments();

    /**
     * The status of every segment of the name, as {@link DurableSubscriptions#status(String)}.
     *
     * @return lazy; one element per segment, then completes; storage failures arrive through {@code onError}
     */
    Flux<DurableStatus> status();
}
