package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.CacheConsistency;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.tck.EventStoreConformance;
import io.github.beatbrackerz.eventstore.tck.EventStoreFixture;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The conformance suite against the in-memory store with an {@link InMemoryEventCache}, in both consistency modes. */
class InMemoryCachedConformanceTest {

    private static EventStoreFixture cached(CacheConsistency consistency) {
        // a generous cache budget: a timed-out cache write is correct but would hide what these runs test
        EventStoreOptions options = EventStoreOptions.builder()
                .cacheConsistency(consistency).cacheTimeout(Duration.ofSeconds(5)).build();
        return () -> InMemoryEventStore.builder().cache(new InMemoryEventCache()).options(options).build();
    }

    @Nested
    class Verified extends EventStoreConformance {
        @Override
        protected EventStoreFixture fixture() {
            return cached(CacheConsistency.VERIFIED);
        }
    }

    @Nested
    class TrustCache extends EventStoreConformance {
        @Override
        protected EventStoreFixture fixture() {
            return cached(CacheConsistency.TRUST_CACHE);
        }
    }
}
