package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;

/** Helpers shared by the conformance interfaces. */
public interface ConformanceSupport {

    /** The bound of every wait in the suite. */
    Duration TIMEOUT = Duration.ofSeconds(15);

    /** The aggregate type most tests use. */
    String ORDER = "order";

    /** @return the store under test, new for each test */
    EventStore store();

    /** @return the configuration's fixture */
    EventStoreFixture storeFixture();

    /**
     * A folded test state.
     *
     * @param sum the sum of the events' {@code amount}
     * @param count how many events were applied
     */
    record Tally(long sum, long count) {
    }

    /** @return a projection summing {@code amount}, snapshot version 1 */
    default Projection<Tally> tally() {
        return Projection.of(Tally.class, new Tally(0, 0),
                (state, event) -> new Tally(state.sum() + event.payload().node().get("amount").asLong(), state.count() + 1));
    }

    /**
     * An order event with an amount.
     *
     * @param aggregateId the order id
     * @param type the event type
     * @param amount the payload's amount
     * @return the event, without an id
     */
    default NewEvent event(String aggregateId, String type, long amount) {
        return event(aggregateId, ORDER, type, amount);
    }

    /**
     * An event with an amount.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param type the event type
     * @param amount the payload's amount
     * @return the event, without an id
     */
    default NewEvent event(String aggregateId, String aggregateType, String type, long amount) {
        return NewEvent.builder().type(type).aggregateId(aggregateId).aggregateType(aggregateType)
                .createdBy("tck").payload(Map.of("amount", amount)).metadata(Map.of("source", "tck")).build();
    }

    /**
     * Appends a batch in one call, waiting for it (test setup only).
     *
     * @param events the events
     * @return the stored events
     */
    default List<RecordedEvent> append(NewEvent... events) {
        return Objects.requireNonNull(store().appendEvents(List.of(events)).collectList().block(TIMEOUT));
    }

    /**
     * Appends {@code count} events to one order, one call each (test setup only).
     *
     * @param aggregateId the order id
     * @param count how many; amounts are 1, 2, 3, ...
     * @return the stored events
     */
    default List<RecordedEvent> appendEach(String aggregateId, int count) {
        List<RecordedEvent> stored = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            stored.add(Objects.requireNonNull(store().appendEvent(event(aggregateId, "Added", i)).block(TIMEOUT)));
        }
        return stored;
    }

    /**
     * Collects a flux (test setup and assertions on complete results).
     *
     * @param events the flux
     * @return its elements
     */
    default List<RecordedEvent> collect(Flux<RecordedEvent> events) {
        return Objects.requireNonNull(events.collectList().block(TIMEOUT));
    }

    /**
     * Subscribes live and returns once the subscription signalled {@link SubscriptionSignal.Ready}:
     * from then on it must deliver every event that commits. Appending before that point races
     * the subscription's start.
     *
     * @param filter which events
     * @param count how many events to take before completing
     * @return the first {@code count} events, once they arrived
     */
    default CompletableFuture<List<RecordedEvent>> subscribedLive(EventFilter filter, long count) {
        CountDownLatch ready = new CountDownLatch(1);
        CompletableFuture<List<RecordedEvent>> result = store().subscribeToSignals(filter)
                .doOnNext(signal -> {
                    if (signal instanceof SubscriptionSignal.Ready) {
                        ready.countDown();
                    }
                })
                .ofType(RecordedEvent.class)
                .take(count)
                .collectList()
                .toFuture();
        try {
            if (!ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("subscription not ready within " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the subscription", e);
        }
        return result;
    }

    /**
     * For {@code StepVerifier}: whether a signal is the live subscription's readiness signal.
     *
     * @param signal the signal
     * @return {@code true} for {@link SubscriptionSignal.Ready}
     */
    static boolean isReady(SubscriptionSignal signal) {
        return signal instanceof SubscriptionSignal.Ready;
    }

    /**
     * For {@code StepVerifier}: a signal that must be an event.
     *
     * @param signal the signal
     * @return the event
     */
    static RecordedEvent asEvent(SubscriptionSignal signal) {
        assertThat(signal).isInstanceOf(RecordedEvent.class);
        return (RecordedEvent) signal;
    }
}
