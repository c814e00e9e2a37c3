package io.github.beatbrackerz.eventstore.durable;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Named consumers that keep their place, share their work across instances, and survive crashes:
 * start a subscription by name with a handler; control and inspect it by name from any instance.
 * Obtain one from an adapter: {@code R2dbcDurableSubscriptions} for PostgreSQL, {@code
 * InMemoryDurableSubscriptions} for tests and single-process use.
 *
 * <p>Every method is lazy: nothing happens before subscription. Invalid arguments throw {@link
 * io.github.beatbrackerz.eventstore.error.ValidationException} at call time; storage failures
 * arrive as {@link io.github.beatbrackerz.eventstore.error.StorageException} through {@code
 * onError}. Results are emitted on the storage's thread (the PostgreSQL driver's event-loop
 * thread) or a timer's ({@code Schedulers.parallel()}); handlers are called on the delivery
 * threads, see {@link EventHandler}. Do not block on any of them. Thread-safe.
 *
 * <p>Cancellation does not roll back what storage already did: a {@code pause} or {@code resume}
 * cancelled after its update was sent may still take effect on every instance, and a {@code reset}
 * cancelled midway can leave the name paused, with or without its checkpoints moved; call {@link
 * #resume} or the {@code reset} again to finish. The running subscription that {@link #start}
 * emitted is not tied to the {@code Mono}: end it with {@link DurableSubscription#stop()} or {@link
 * DurableSubscription#dispose()}.
 *
 * <p>A name unknown to the storage makes {@link #pause}, {@link #resume} and {@link #reset} error
 * with a {@code ValidationException} (field {@code name}) through {@code onError}.
 */
public interface DurableSubscriptions {

    /**
     * Starts a subscription on this instance with a handler called per event. Registers the name
     * if it is new (at {@link DurableSubscriptionSpec#start()}); otherwise joins it and resumes
     * from its stored checkpoints. Delivery is at-least-once: a segment's checkpoint advances after
     * the handler's {@code Mono} completed, in batches (see {@link DurableSubscriptionSpec}).
     *
     * <p>Lazy: registers on subscription and emits the running subscription once registered; it
     * begins claiming segments at once. Errors with {@link
     * io.github.beatbrackerz.eventstore.error.SegmentCountMismatchException} when the name exists
     * with another segment count, with a {@code ValidationException} (field {@code name}) when this
     * instance already runs the name, and with a {@code StorageException} when the storage fails.
     * Cancelling before the emission starts nothing.
     *
     * @param spec the subscription
     * @param handler called for each event; see {@link EventHandler}
     * @return the running subscription; stop it with {@link DurableSubscription#stop()}
     */
    Mono<DurableSubscription> start(DurableSubscriptionSpec spec, EventHandler handler);

    /**
     * Starts a subscription whose handler takes batches (up to {@link
     * DurableSubscriptionSpec#maxBatchSize()} events of one segment); otherwise as {@link
     * #start(DurableSubscriptionSpec, EventHandler)}.
     *
     * @param spec the subscription
     * @param handler called for each batch; see {@link EventBatchHandler}
     * @return the running subscription, lazily, as {@link #start(DurableSubscriptionSpec, EventHandler)}
     */
    Mono<DurableSubscription> startBatches(DurableSubscriptionSpec spec, EventBatchHandler handler);

    /**
     * Pauses a subscription on every instance: owners keep their leases, finish what is in flight,
     * store their checkpoints and fetch nothing until it is resumed. Segments owned by this
     * instance have stopped when the returned {@code Mono} completes; other instances stop within
     * one renew interval.
     *
     * @param name the subscription name
     * @return completes when paused; lazy
     */
    Mono<Void> pause(String name);

    /**
     * Resumes a paused subscription: owners continue after their checkpoints (this instance at
     * once, others within one renew interval).
     *
     * @param name the subscription name
     * @return completes when resumed; lazy
     */
    Mono<Void> resume(String name);

    /**
     * Moves every segment's checkpoint to a start position: backwards to rebuild a read model,
     * forwards to skip. In order: pauses the name (and, when other instances own segments, waits
     * one lease time for them to stop), moves the checkpoints and revokes every lease (so no
     * owner can store an older checkpoint), discards the parked events (a rebuild handles them
     * again), runs {@code clearFirst} (for example deleting the read model's rows), and resumes
     * unless the name was paused before. No handler of the name runs on this instance while
     * {@code clearFirst} runs.
     *
     * @param name the subscription name
     * @param to where the segments resume: {@link StartPosition#beginning()} to rebuild
     * @param clearFirst subscribed once the checkpoints moved and before delivery resumes; its
     *     error stops the reset with the name left paused
     * @return completes when reset and resumed; lazy
     */
    Mono<Void> reset(String name, StartPosition to, Mono<Void> clearFirst);

    /**
     * Resets without clearing anything first: {@link #reset(String, StartPosition, Mono)} with an
     * empty {@code clearFirst}.
     *
     * @param name the subscription name
     * @param to where the segments resume
     * @return completes when reset and resumed; lazy
     */
    default Mono<Void> reset(String name, StartPosition to) {
        return reset(name, to, Mono.empty());
    }

    /**
     * The status of every segment of a subscription: owner, checkpoint, lag, parked events,
     * heartbeat. Lag is measured where the subscription was started on this instance (the filter
     * is needed); elsewhere it is {@code null}.
     *
     * @param name the subscription name
     * @return lazy; one element per segment in segment order, then completes; empty when the
     *     name is not registered
     */
    Flux<DurableStatus> status(String name);

    /**
     * The status of every segment, read again every {@code interval}: for dashboards and metrics.
     *
     * @param name the subscription name
     * @param interval the time between two readings
     * @return lazy; one list per reading (the first at once), infinite until cancelled; a failed
     *     reading is skipped (it is the storage's failure; the next reading tries again)
     */
    default Flux<List<DurableStatus>> statusEvery(String name, Duration interval) {
        return Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> status(name).collectList().onErrorResume(error -> Mono.empty()), 1);
    }

    /**
     * The parked events of a subscription, oldest first.
     *
     * @param name the subscription name
     * @return lazy; the parked events, then completes; empty when there are none
     */
    Flux<ParkedEvent> parked(String name);

    /**
     * Hands a parked event to the subscription's handler again, on this instance (the handler is
     * needed, so the name must run here). Retries as the spec says. On success the event is no
     * longer parked; on failure it stays parked with one more attempt and the new error. The
     * checkpoint is never touched.
     *
     * @param name the subscription name
     * @param id the parked event's id
     * @return lazy; emits {@code true} when replayed, {@code false} when there is no such parked
     *     event or another replay holds it; errors with the handler's last failure, or with a
     *     {@code ValidationException} (field {@code name}) when the name does not run here
     */
    Mono<Boolean> replayParked(String name, long id);

    /**
     * Forgets a parked event without handling it.
     *
     * @param name the subscription name
     * @param id the parked event's id
     * @return lazy; emits whether it existed
     */
    Mono<Boolean> skipParked(String name, long id);

    /**
     * Stops every subscription started through this object gracefully ({@link
     * DurableSubscription#stop()}), for an application's shutdown.
     *
     * @return lazy; completes when all are stopped; never errors
     */
    Mono<Void> close();
}
