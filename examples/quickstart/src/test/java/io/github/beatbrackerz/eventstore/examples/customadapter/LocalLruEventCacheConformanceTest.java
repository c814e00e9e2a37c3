package io.github.beatbrackerz.eventstore.examples.customadapter;

import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.tck.EventStoreConformance;
import io.github.beatbrackerz.eventstore.tck.EventStoreFixture;

/** The custom adapter passes the same conformance suite as the library's own adapters. */
class LocalLruEventCacheConformanceTest extends EventStoreConformance {

    @Override
    protected EventStoreFixture fixture() {
        return () -> InMemoryEventStore.builder().cache(new LocalLruEventCache(10_000)).build();
    }
}
