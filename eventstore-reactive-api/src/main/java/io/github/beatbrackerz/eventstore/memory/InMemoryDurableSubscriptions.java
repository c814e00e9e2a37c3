package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.durable.internal.DefaultDurableSubscriptions;
import io.github.beatbrackerz.eventstore.durable.internal.FeedLagProbe;
import io.github.beatbrackerz.eventstore.internal.Require;
import java.time.Clock;

/**
 * Durable subscriptions with checkpoints, leases and parked events in local memory: the test
 * double of the PostgreSQL implementation, with the same runner and the same semantics in one
 * process (segments, retries, parking, pause, reset). Checkpoints are lost with the object.
 *
 * <pre>{@code
 * EventStore store = InMemoryEventStore.create();
 * DurableSubscriptions durable = InMemoryDurableSubscriptions.create(store);
 * DurableSubscription summaries = durable.start(DurableSubscriptionSpec.builder("order-summaries").build(),
 *         event -> readModel.apply(event)).block();
 * }</pre>
 */
public final class InMemoryDurableSubscriptions {

    private InMemoryDurableSubscriptions() {
    }

    /**
     * Durable subscriptions over a store's feed, with their state in memory. Works with any
     * store; the lag in the status is measured exactly for the in-memory store. Does no I/O.
     *
     * @param store the store whose events the subscriptions deliver
     * @return new, empty durable subscriptions; {@link DurableSubscriptions#close()} them before
     *     closing the store
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code store}) if null
     */
    public static DurableSubscriptions create(EventStore store) {
        Require.notNull("store", store);
        return new DefaultDurableSubscriptions(store, new InMemoryDurableStore(Clock.systemUTC()), new FeedLagProbe(store), "memory");
    }
}
