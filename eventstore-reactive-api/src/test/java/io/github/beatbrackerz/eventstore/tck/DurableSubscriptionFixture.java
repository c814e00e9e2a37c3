package io.github.beatbrackerz.eventstore.tck;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;

/**
 * What an adapter provides to run the durable subscription conformance suite ({@link
 * DurableSubscriptionConformance}): stores, and durable subscriptions over a store.
 */
public interface DurableSubscriptionFixture extends EventStoreFixture {

    /**
     * Durable subscriptions over a store made by {@link #newStore()}, with fresh, empty state.
     * Called once per test, after {@code newStore()}; the suite closes them before the store.
     *
     * @param store the store under test
     * @return the durable subscriptions under test
     */
    DurableSubscriptions durableSubscriptions(EventStore store);
}
