package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.tck.EventStoreConformance;
import io.github.beatbrackerz.eventstore.tck.EventStoreFixture;

/** The conformance suite against the in-memory store without a cache. */
class InMemoryConformanceTest extends EventStoreConformance {

    @Override
    protected EventStoreFixture fixture() {
        return InMemoryEventStore::create;
    }
}
