package io.github.beatbrackerz.eventstore;

import reactor.core.publisher.Mono;

/**
 * The event store: every operation of the specification, reactive.
 *
 * <h2>Reactive contract</h2>
 * <ul>
 *   <li><b>Lazy.</b> Every method is lazy: nothing is read, written or cached until the returned
 *   {@code Mono} or {@code Flux} is subscribed, and each subscription does the work again
 *   (re-subscribing an append retries it with the same event ids, which is idempotent).</li>
 *   <li><b>Errors.</b> Invalid arguments throw {@link io.github.beatbrackerz.eventstore.error.ValidationException}
 *   at call time; everything that depends on data or I/O arrives as an {@code onError} signal
 *   carrying an {@link io.github.beatbrackerz.eventstore.error.EventStoreException}: a
 *   {@link io.github.beatbrackerz.eventstore.error.StorageException} when storage fails (its
 *   {@code isRetryable()} says whether retrying may help), the specific exceptions each method
 *   names otherwise. The cache never causes an error: a failing or slow cache is treated as a miss
 *   and its writes are skipped.</li>
 *   <li><b>Threads.</b> Signals arrive on the thread that completed the I/O, never on a thread of
 *   yours: with the R2DBC adapter, the PostgreSQL driver's Netty event-loop thread; a read served
 *   by the Redis cache, and the completion of an append once it updated the cache, on a Lettuce
 *   I/O thread; a cache call that ran out of its time budget, on the thread of the cache's
 *   {@code timeoutScheduler()} (the Redis cache's wheel timer, {@code Schedulers.parallel()} for
 *   caches that name none). The in-memory store signals on the subscribing thread (live subscriptions on {@code
 *   Schedulers.boundedElastic()}). These threads must not block: never block in {@code onNext} or
 *   in a callback you hand in (a projection, a {@link BatchHandler}); move blocking work off with
 *   {@code publishOn(Schedulers.boundedElastic())}.</li>
 *   <li><b>Cancellation.</b> Cancelling stops the work that has not started and gives the
 *   connection back to the pool; it does not undo what the database already received. A write
 *   (append, snapshot, prune) cancelled after its statement was sent may still commit, and then
 *   skips the cache update and the prompt subscription hint that would have followed. See each
 *   method for what it leaves behind.</li>
 *   <li><b>Thread safety.</b> Instances are thread-safe; any number of calls may run at once.</li>
 * </ul>
 *
 * <p>Build one with {@link #builder()} from ports, or with an adapter's factory (for example the
 * R2DBC module's {@code R2dbcEventStores}).
 */
public interface EventStore
        extends EventAppender, EventReader, SnapshotOperations, EventReplayer, EventSubscriptions,
                AggregateInspection, CacheAdministration, StreamLifecycle {

    /**
     * Completes every subscription, then releases what the store owns: what the factory that made
     * it created for it (the connection pool of {@code R2dbcEventStores.connect(url)}), never what
     * you passed in (your own pool, a cache), which you close yourself. Lazy; idempotent (only the
     * first subscription closes).
     *
     * @return completes when closed; errors when closing a subscription source or an owned resource failed
     */
    Mono<Void> close();

    /** @return a builder that assembles a store from ports */
    static EventStoreBuilder builder() {
        return new EventStoreBuilder();
    }
}
