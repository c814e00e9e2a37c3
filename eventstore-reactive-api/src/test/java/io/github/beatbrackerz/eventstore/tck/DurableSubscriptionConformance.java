package io.github.beatbrackerz.eventstore.tck;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance suite of durable subscriptions, written once and run by every implementation:
 * delivery from a start position and from checkpoints, per-stream order across segments, retries,
 * parking, replay and skip, pause, resume, reset and rebuild. Extend it in your test sources and
 * return your fixture; each test gets a new store and new durable subscriptions over it, closed
 * (durable subscriptions first) afterwards.
 */
public abstract class DurableSubscriptionConformance
        implements DurableDeliveryConformance, DurableFailureConformance, DurableControlConformance,
                DurableUpcastingConformance, DurableLifecycleConformance {

    private @Nullable EventStore store;
    private @Nullable DurableSubscriptions durable;

    /** @return the fixture that makes stores and durable subscriptions for this configuration */
    protected abstract DurableSubscriptionFixture fixture();

    @BeforeEach
    void open() {
        store = fixture().newStore();
        durable = fixture().durableSubscriptions(store);
    }

    @AfterEach
    void close() {
        if (durable != null) {
            durable.close().block(TIMEOUT);
        }
        if (store != null) {
            store.close().block(TIMEOUT);
        }
    }

    @Override
    public EventStore store() {
        return Objects.requireNonNull(store, "no store: the test runs outside the suite's lifecycle");
    }

    @Override
    public DurableSubscriptions durable() {
        return Objects.requireNonNull(durable, "no durable subscriptions: the test runs outside the suite's lifecycle");
    }

    @Override
    public EventStoreFixture storeFixture() {
        return fixture();
    }
}
