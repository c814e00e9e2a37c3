package io.github.beatbrackerz.eventstore.examples.customadapter;

import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.tck.EventCacheConformance;
import io.github.beatbrackerz.eventstore.tck.EventCacheFixture;

/**
 * The custom adapter passes the cache port's own conformance suite too. It keeps the port's
 * default fill tickets (one process, nothing shared), so it declares that it does not fence.
 */
class LocalLruEventCachePortConformanceTest extends EventCacheConformance {

    @Override
    protected EventCacheFixture fixture() {
        return new EventCacheFixture() {
            @Override
            public EventCache newCache() {
                return new LocalLruEventCache(10_000);
            }

            @Override
            public boolean fencesFills() {
                return false;
            }
        };
    }
}
