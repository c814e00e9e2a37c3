package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** What one test subscriber received (events, and whether it was ready), recorded from a subscription that requests everything. */
final class Received {

    private final List<RecordedEvent> events = new ArrayList<>();
    private final Disposable subscription;
    private volatile @Nullable Throwable error;
    private volatile boolean completed;
    private volatile @Nullable Position readyAt;

    private Received(Flux<? extends SubscriptionSignal> flux) {
        subscription = flux.subscribe(this::add, failure -> error = failure, () -> completed = true);
    }

    /** @return a recorder of a live subscription's signals or a catch-up subscription's events */
    static Received from(Flux<? extends SubscriptionSignal> flux) {
        return new Received(flux);
    }

    private synchronized void add(SubscriptionSignal signal) {
        if (signal instanceof SubscriptionSignal.Ready ready) {
            readyAt = ready.startsAfter();
        } else {
            events.add((RecordedEvent) signal);
        }
    }

    /** @return whether a live subscription has signalled {@code Ready} */
    boolean isReady() {
        return readyAt != null;
    }

    synchronized List<RecordedEvent> events() {
        return List.copyOf(events);
    }

    synchronized int count() {
        return events.size();
    }

    List<UUID> ids() {
        return events().stream().map(RecordedEvent::id).toList();
    }

    synchronized boolean contains(UUID id) {
        return events.stream().anyMatch(event -> event.id().equals(id));
    }

    @Nullable Throwable error() {
        return error;
    }

    boolean isCompleted() {
        return completed;
    }

    void cancel() {
        subscription.dispose();
    }

    /** Asserts strictly increasing positions and, per aggregate, sequence numbers 1, 2, 3, ... from the first one seen. */
    void assertOrdered() {
        List<RecordedEvent> all = events();
        Map<String, Long> nextSequence = new HashMap<>();
        Position previous = null;
        for (RecordedEvent event : all) {
            if (previous != null) {
                assertThat(event.position()).as("position after %s", previous).isGreaterThan(previous);
            }
            previous = event.position();
            Long expected = nextSequence.get(event.aggregateId());
            if (expected != null) {
                assertThat(event.sequenceNumber()).as("sequence of %s", event.aggregateId()).isEqualTo(expected);
            }
            nextSequence.put(event.aggregateId(), event.sequenceNumber() + 1);
        }
    }
}
