package io.github.beatbrackerz.eventstore.tck;

import io.github.beatbrackerz.eventstore.EventStore;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance suite (TCK) every {@link EventStore} configuration must pass: the behaviour of
 * each operation and the reactive properties (laziness, failures as signals, emptiness,
 * cancellation).
 *
 * <p>To run it, extend this class in your test sources and return your fixture:
 *
 * <pre>{@code
 * class PostgresConformanceIntegrationTest extends EventStoreConformance {
 *     protected EventStoreFixture fixture() { return () -> newStoreInFreshSchema(); }
 * }
 * }</pre>
 *
 * <p>The tests live in the {@code *Conformance} interfaces this class implements, grouped by
 * topic. Each test gets a new store from {@link EventStoreFixture#newStore()} and closes it
 * afterwards. Live-subscription tests assume that an event committed after the subscription's
 * {@code onSubscribe} signal is delivered to it.
 */
public abstract class EventStoreConformance
        implements AppendConformance, IdempotencyConformance, QueryConformance, SnapshotConformance,
                ReplayConformance, InspectionConformance, SubscriptionConformance, ReactivePropertiesConformance,
                ArgumentConformance, StreamIdConformance, CorrelationConformance,
                UpcastingConformance, UpcastingSubscriptionConformance, StreamLifecycleConformance, StreamArchiveConformance {

    private @Nullable EventStore store;

    /** @return the fixture that makes stores for this configuration */
    protected abstract EventStoreFixture fixture();

    @BeforeEach
    void openStore() {
        store = fixture().newStore();
    }

    @AfterEach
    void closeStore() {
        EventStore current = store;
        if (current != null) {
            current.close().block(TIMEOUT);
        }
    }

    @Override
    public EventStore store() {
        return Objects.requireNonNull(store, "no store: the test runs outside the suite's lifecycle");
    }

    @Override
    public EventStoreFixture storeFixture() {
        return fixture();
    }
}
