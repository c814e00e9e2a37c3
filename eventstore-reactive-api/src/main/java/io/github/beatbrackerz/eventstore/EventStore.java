package io.github.beatbrackerz.eventstore;

import reactor.core.publisher.Mono;

/**
 * The event store: every operation of the specification, reactive.
 *
 * <p>Every method is lazy: nothing happens until the returned {@code Mono} or {@code Flux} is
 * subscribed. Invalid arguments throw {@link io.github.beatbrackerz.eventstore.error.ValidationException}
 * at call time; everything that depends on data or I/O arrives as an {@code onError} signal
 * carrying an {@link io.github.beatbrackerz.eventstore.error.EventStoreException}. Instances are
 * thread-safe.
 *
 * <p>Build one with {@link #builder()} from ports, or with an adapter's factory (for example the
 * R2DBC module's {@code R2dbcEventStores}).
 */
public interface EventStore
        extends EventAppender, EventReader, SnapshotOperations, EventReplayer, EventSubscriptions,
                AggregateInspection, CacheAdministration {

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
