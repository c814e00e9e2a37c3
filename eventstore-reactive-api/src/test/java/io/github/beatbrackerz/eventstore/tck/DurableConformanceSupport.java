package io.github.beatbrackerz.eventstore.tck;

import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.durable.EventHandler;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import reactor.core.Disposable;

/** Helpers shared by the durable subscription conformance interfaces. */
public interface DurableConformanceSupport extends ConformanceSupport {

    /** @return the durable subscriptions under test, new for each test */
    DurableSubscriptions durable();

    /**
     * A spec with short times, so that the suite runs quickly: 2 s leases renewed every 200 ms, 3
     * attempts with 10 to 50 ms backoff, a checkpoint every 100 events or 100 ms.
     *
     * @param name the subscription name
     * @return the builder
     */
    default DurableSubscriptionSpec.Builder spec(String name) {
        return DurableSubscriptionSpec.builder(name)
                .leaseTime(Duration.ofSeconds(2))
                .renewInterval(Duration.ofMillis(200))
                .retry(3, Duration.ofMillis(10), Duration.ofMillis(50))
                .checkpointEvery(100, Duration.ofMillis(100));
    }

    /**
     * Starts a subscription and waits until it runs.
     *
     * @param spec the spec
     * @param handler the handler
     * @return the running subscription
     */
    default DurableSubscription started(DurableSubscriptionSpec spec, EventHandler handler) {
        return Objects.requireNonNull(durable().start(spec, handler).block(TIMEOUT));
    }

    /**
     * Waits until the recorder handled {@code count} events.
     *
     * @param recorder the recorder
     * @param count how many
     */
    default void awaitHandled(DurableRecorder recorder, int count) {
        await().atMost(TIMEOUT).until(() -> recorder.handled().size() >= count);
    }

    /**
     * Appends while a live subscriber watches, and returns once it has received the events: from
     * then on the store's commit-safe feed stands after them, so {@code StartPosition.now()}
     * resolved while the watcher is open skips them (an older transaction open elsewhere in the
     * database could otherwise hold the feed back). Dispose the watcher after resolving.
     *
     * @param append appends and returns the stored events
     * @return the open watcher
     */
    default Disposable appendWhileWatched(Supplier<List<RecordedEvent>> append) {
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean ready = new AtomicBoolean();
        Disposable watcher = store().subscribeToSignals(EventFilter.all()).subscribe(signal -> {
            if (signal instanceof RecordedEvent event) {
                seen.add(event);
            } else {
                ready.set(true);
            }
        });
        await().atMost(TIMEOUT).untilTrue(ready);
        List<RecordedEvent> stored = append.get();
        await().atMost(TIMEOUT).until(() -> seen.containsAll(stored));
        return watcher;
    }

    /**
     * Waits until the status of a subscription satisfies a condition.
     *
     * @param name the subscription name
     * @param condition the condition on all segments' status
     * @return the status that satisfied it
     */
    default List<DurableStatus> awaitStatus(String name, Predicate<List<DurableStatus>> condition) {
        return await().atMost(TIMEOUT).until(() -> durable().status(name).collectList().block(TIMEOUT),
                status -> status != null && condition.test(status));
    }
}
