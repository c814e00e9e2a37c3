package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.tck.EventCacheConformance;
import io.github.beatbrackerz.eventstore.tck.EventCacheFixture;

/** The in-memory cache passes the cache port's conformance suite. */
class InMemoryEventCacheConformanceTest extends EventCacheConformance {

    @Override
    protected EventCacheFixture fixture() {
        return InMemoryEventCache::new;
    }
}
