package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The port to real-time delivery. Implementations share one upstream among all subscribers and
 * deliver every committed event exactly once per subscriber, in position order (and therefore in
 * per-stream sequence order).
 *
 * <p>Threads: signals arrive on the source's non-blocking delivery threads (the PostgreSQL engine
 * hands live events out on {@code Schedulers.parallel()} workers and history on the driver's
 * threads); a subscriber must not block in {@code onNext}. Cancelling a subscription stops delivery
 * to that subscriber only and never affects the shared upstream or other subscribers.
 */
public interface EventSubscriptionSource {

    /**
     * Live events that commit once the subscription is established.
     *
     * @param filter which events to deliver
     * @return a hot, infinite {@code Flux} that signals {@code onSubscribe} at once, emits one
     *     {@link SubscriptionSignal.Ready} when established and then the matching events; it
     *     completes when the source is closed and errors with {@link
     *     io.github.beatbrackerz.eventstore.error.SubscriberOverflowException} when this
     *     subscriber falls too far behind. Cancelling it, at any time, stops delivery to this
     *     subscriber only.
     */
    Flux<SubscriptionSignal> subscribe(EventFilter filter);

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
     * Tells the source that an append through this store has committed, so that it can deliver
     * promptly (the PostgreSQL engine sends a coalesced {@code NOTIFY} to every instance). The
     * store calls it after each append's events were returned, stored now or found stored by an
     * idempotent retry. It must return at once, never block and never throw; the default does
     * nothing (a source that learns of commits by itself needs no hint).
     *
     * @param stored the events the append returned, in request order
     */
    default void appended(List<RecordedEvent> stored) {
    }

    /**
     * Completes every subscription and releases the source's resources. Idempotent.
     *
     * @return completes when closed
     */
    Mono<Void> close();
}
