package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.tck.DurableSubscriptionConformance;
import io.github.beatbrackerz.eventstore.tck.DurableSubscriptionFixture;

/** The durable subscription conformance suite against the in-memory store and in-memory durable state. */
class InMemoryDurableConformanceTest extends DurableSubscriptionConformance {

    @Override
    protected DurableSubscriptionFixture fixture() {
        return new DurableSubscriptionFixture() {
            @Override
            public EventStore newStore() {
                return InMemoryEventStore.create();
            }

            @Override
            public DurableSubscriptions durableSubscriptions(EventStore store) {
                return InMemoryDurableSubscriptions.create(store);
            }
        };
    }
}
