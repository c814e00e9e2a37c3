package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import reactor.core.publisher.Flux;

/**
 * Real-time delivery. Every event carries its {@link Position}; checkpoint it and resume with
 * {@link #subscribeFrom}.
 */
public interface EventSubscriptions {

    /**
     * Every event committed after subscription.
     *
     * @return a hot, infinite {@code Flux}; completes when the store is closed
     */
    default Flux<RecordedEvent> subscribeToEvents() {
        return subscribeToEvents(EventFilter.all());
    }

    /**
     * The events matching a filter that commit after the subscriber receives {@code onSubscribe}
     * (adapters may signal it only once they know where the subscriber starts, and may also
     * deliver an event that committed just before). Subscribers share one upstream;
     * a subscriber that falls too far behind errors with {@link
     * io.github.beatbrackerz.eventstore.error.SubscriberOverflowException} instead of slowing the
     * others. Cancelling stops delivery to that subscriber only.
     *
     * @param filter which events to deliver
     * @return a hot, infinite {@code Flux}; completes when the store is closed
     */
    Flux<RecordedEvent> subscribeToEvents(EventFilter filter);

    /**
     * Every matching event after a position: history first, then live, with no gap and no
     * duplicate at the switch.
     *
     * @param after the exclusive start ({@link Position#BEGINNING} for all history)
     * @param filter which events to deliver
     * @return an infinite {@code Flux}, lazy until subscribed; completes when the store is closed
     */
    Flux<RecordedEvent> subscribeFrom(Position after, EventFilter filter);
}
