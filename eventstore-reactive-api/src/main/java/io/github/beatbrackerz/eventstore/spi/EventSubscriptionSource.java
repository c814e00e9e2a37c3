package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The port to real-time delivery. Implementations share one upstream among all subscribers and
 * deliver every committed event exactly once per subscriber, in position order (and therefore in
 * per-stream sequence order).
 */
public interface EventSubscriptionSource {

    /**
     * Live events that commit after the subscription starts.
     *
     * @param filter which events to deliver
     * @return a hot, infinite {@code Flux}; it completes when the source is closed and errors with
     *     {@link io.github.beatbrackerz.eventstore.error.SubscriberOverflowException} when this
     *     subscriber falls too far behind. Cancelling it stops delivery to this subscriber only.
     */
    Flux<RecordedEvent> subscribe(EventFilter filter);

    /**
     * Every event after a position, from history and then live, with no gap and no duplicate at
     * the switch.
     *
     * @param after the exclusive starting position ({@link Position#BEGINNING} for all history)
     * @param filter which events to deliver
     * @return an infinite {@code Flux}, lazy until subscribed; completes when the source is closed
     */
    Flux<RecordedEvent> subscribeFrom(Position after, EventFilter filter);

    /**
     * Completes every subscription and releases the source's resources. Idempotent.
     *
     * @return completes when closed
     */
    Mono<Void> close();
}
