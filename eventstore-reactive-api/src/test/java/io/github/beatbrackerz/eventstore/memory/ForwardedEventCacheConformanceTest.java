package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.tck.EventCacheConformance;
import io.github.beatbrackerz.eventstore.tck.EventCacheFixture;
import io.github.beatbrackerz.eventstore.tck.ForwardingEventCache;

/**
 * {@link ForwardingEventCache} forwards every method, the port's defaults included: over the
 * in-memory cache it passes the suite as the in-memory cache does, tickets fenced.
 */
class ForwardedEventCacheConformanceTest extends EventCacheConformance {

    @Override
    protected EventCacheFixture fixture() {
        return () -> new ForwardingEventCache(new InMemoryEventCache());
    }
}
