package io.github.beatbrackerz.eventstore.tck;

import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance suite of the {@link EventCache} port, written once and run by every cache:
 * contiguous prefixes that only grow, refused gaps, appends that extend only what they follow,
 * snapshots and counters that only move forward, warm-up batches, per-stream evictions, clears
 * scoped to one cache (nested namespaces included), fill tickets that fence fills against
 * evictions and clears, the stream length limit, and the reactive properties (laziness, failures
 * as error signals).
 *
 * <p>To run it, extend this class in your test sources and return your fixture:
 *
 * <pre>{@code
 * class MyCacheConformanceTest extends EventCacheConformance {
 *     protected EventCacheFixture fixture() { return MyCache::new; }
 * }
 * }</pre>
 *
 * <p>Each test gets a new cache from {@link EventCacheFixture#newCache()}; every cache a test
 * obtained from the fixture is {@link EventCacheFixture#dispose disposed} afterwards.
 */
public abstract class EventCacheConformance implements CachePrefixConformance, CacheEntriesConformance, CacheScopeConformance,
        CacheFencingConformance, CacheReactiveConformance {

    private final List<EventCache> opened = new ArrayList<>();
    private @Nullable EventCache cache;

    /** @return the fixture that makes caches for this configuration */
    protected abstract EventCacheFixture fixture();

    @BeforeEach
    void openCache() {
        cache = track(fixture().newCache());
    }

    @AfterEach
    void disposeCaches() {
        for (EventCache each : opened) {
            fixture().dispose(each);
        }
        opened.clear();
    }

    private EventCache track(EventCache made) {
        opened.add(Objects.requireNonNull(made, "the fixture made no cache"));
        return made;
    }

    @Override
    public EventCache cache() {
        return Objects.requireNonNull(cache, "no cache: the test runs outside the suite's lifecycle");
    }

    @Override
    public EventCacheFixture cacheFixture() {
        return fixture();
    }

    @Override
    public EventCache anotherCache() {
        return track(fixture().newCache());
    }

    @Override
    public EventCache nestedCache() {
        return track(fixture().newNestedCache(cache()));
    }

    @Override
    public Optional<EventCache> unreachableCache() {
        return fixture().unreachableCache().map(this::track);
    }

    @Override
    public Optional<EventCache> limitedCache(int maxStreamLength) {
        return fixture().newCacheLimitedTo(maxStreamLength).map(this::track);
    }
}
