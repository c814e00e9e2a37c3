package io.github.beatbrackerz.eventstore.tck;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;

/**
 * What an adapter provides to run the conformance suite ({@link EventStoreConformance}).
 *
 * <p>Implement it in your test sources and return it from
 * {@link EventStoreConformance#fixture()}. Keep one fixture per test class; it may hold a
 * connection pool or server started in {@code @BeforeAll}.
 */
public interface EventStoreFixture {

    /**
     * A new store over fresh, isolated, empty storage (for example a new PostgreSQL schema with
     * the migrations applied). Called once before every test; the suite closes the store after
     * the test. May block: it runs in test setup.
     *
     * @return the store under test
     */
    EventStore newStore();

    /**
     * A new store like {@link #newStore()}, with upcasters registered. The default applies them to
     * {@code newStore()} with {@link Upcasters#applyTo}, which is what the library's builders do;
     * override it to register them through your adapter's builder. Closed by the test that made it.
     *
     * @param upcasters the upcasters
     * @return the store under test
     */
    default EventStore newStore(Upcasters upcasters) {
        return upcasters.applyTo(newStore());
    }

    /**
     * How many storage connections are checked out right now, for the cancellation tests: after a
     * cancelled read it must fall back to 0. Adapters without connections keep the default.
     *
     * @return connections in use, 0 when idle
     */
    default long acquiredConnections() {
        return 0;
    }
}
