package io.github.beatbrackerz.eventstore.tck;

import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.util.Optional;

/**
 * What a cache implementation provides to run the {@link EventCacheConformance} suite. Implement
 * it in your test sources; keep one per test class (it may hold a client or a server started in
 * {@code @BeforeAll}). Every method runs in test setup or teardown and may block.
 */
public interface EventCacheFixture {

    /**
     * A new, empty cache isolated from every other cache this fixture made (for example a Redis
     * cache with a key prefix of its own). Called at least once per test; the suite {@link
     * #dispose disposes} it afterwards.
     *
     * @return the cache under test
     */
    EventCache newCache();

    /**
     * A second cache on the same backing store as {@code outer}, whose namespace is nested inside
     * outer's where the implementation has namespaces: a Redis cache whose key prefix starts with
     * outer's, say. A clear or eviction of either must leave the other as it is. The default makes
     * an unrelated cache with {@link #newCache()}, for implementations without namespaces.
     *
     * @param outer a cache this fixture made
     * @return the nested cache; the suite disposes it
     */
    default EventCache newNestedCache(EventCache outer) {
        return newCache();
    }

    /**
     * Whether this implementation's caches fence fills: their tickets are {@link
     * io.github.beatbrackerz.eventstore.spi.FillTicket#fenced() fenced} and a fill whose ticket
     * predates an eviction or clear writes nothing. A cache that keeps the port's defaults answers
     * {@code false}, and the suite then checks that its ticketed writes behave as the ticketless
     * ones. The default is {@code true}: a cache shared by several store instances must fence.
     *
     * @return whether fills are fenced
     */
    default boolean fencesFills() {
        return true;
    }

    /**
     * A cache whose backing store cannot be reached (a closed port, say), on which every call
     * must signal an error, never throw and never hang; the suite disposes it. Empty (the default)
     * for an implementation with nothing that can fail, such as an in-process map: the suite then
     * checks that every call completes without error.
     *
     * @return the failing cache, or empty
     */
    default Optional<EventCache> unreachableCache() {
        return Optional.empty();
    }

    /**
     * A new, empty cache that caches no stream longer than {@code maxStreamLength} events, when
     * the implementation has such a limit; the suite disposes it. Empty (the default) for a cache
     * without one: the suite then checks that a long stream is cached in full.
     *
     * @param maxStreamLength the longest stream to cache
     * @return the limited cache, or empty
     */
    default Optional<EventCache> newCacheLimitedTo(int maxStreamLength) {
        return Optional.empty();
    }

    /**
     * Releases a cache this fixture made, after its test: removes what it wrote and closes its
     * connections. The default does nothing, for in-process caches.
     *
     * @param cache the cache
     */
    default void dispose(EventCache cache) {
    }
}
