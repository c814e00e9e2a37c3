package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import reactor.core.publisher.Flux;

/**
 * Real-time delivery. Every event carries its {@link Position}; checkpoint it and resume with
 * {@link #subscribeFrom}.
 *
 * <p>Threads and cancellation: events arrive on non-blocking threads (the driver's or {@code
 * Schedulers.parallel()} in the PostgreSQL adapter); never block in {@code onNext}, move blocking
 * work off with {@code publishOn(Schedulers.boundedElastic())}. Cancelling a subscription at any
 * moment, also before it is established, stops delivery to that subscriber only and releases
 * what it held.
 */
public interface EventSubscriptions {

    /**
     * Every event committed once the subscription is established.
     *
     * @return a hot, infinite {@code Flux}; completes when the store is closed
     * @see #subscribeToEvents(EventFilter)
     */
    default Flux<RecordedEvent> subscribeToEvents() {
        return subscribeToEvents(EventFilter.all());
    }

    /**
     * The matching events that commit once the subscription is established, without the
     * readiness signal: {@link #subscribeToSignals} filtered to its events. The subscriber gets
     * {@code onSubscribe} at once; use {@link #subscribeToSignals} when it matters which events
     * count as "after subscription", for example in a test that appends right after subscribing.
     *
     * @param filter which events to deliver
     * @return a hot, infinite {@code Flux}; completes when the store is closed, errors with {@link
     *     io.github.beatbrackerz.eventstore.error.SubscriberOverflowException} when this subscriber
     *     falls too far behind
     */
    default Flux<RecordedEvent> subscribeToEvents(EventFilter filter) {
        return subscribeToSignals(filter).ofType(RecordedEvent.class);
    }

    /**
     * A live subscription with an explicit readiness signal. The subscriber gets {@code
     * onSubscribe} at once and may cancel at any time. The first element is a {@link
     * SubscriptionSignal.Ready} as soon as the subscription is established (at once while other
     * subscribers are active; after one query otherwise; later if the database is unreachable);
     * from then on every matching event that commits is delivered, exactly once, in position
     * order. An event that committed shortly before {@code Ready} may also be delivered, when an
     * older transaction was still open at that moment: {@code Ready.startsAfter()} says exactly
     * where delivery begins.
     *
     * <p>Subscribers share one upstream; one that falls too far behind errors with {@link
     * io.github.beatbrackerz.eventstore.error.SubscriberOverflowException} instead of slowing the
     * others.
     *
     * @param filter which events to deliver
     * @return a hot, infinite {@code Flux}: one {@code Ready}, then events; lazy until subscribed;
     *     completes when the store is closed
     */
    Flux<SubscriptionSignal> subscribeToSignals(EventFilter filter);

    /**
     * Every matching event after a position: history first, then live, with no gap and no
     * duplicate at the switch.
     *
     * @param after the exclusive start ({@link Position#BEGINNING} for all history)
     * @param filter which events to deliver
     * @return an infinite {@code Flux}, lazy until subscribed; completes when the store is closed;
     *     errors with a {@link io.github.beatbrackerz.eventstore.error.StorageException} when the
     *     history cannot be read, or with {@link
     *     io.github.beatbrackerz.eventstore.error.SubscriberOverflowException} when the subscriber
     *     falls too far behind once live (resume from its {@code lastSeenPosition()}); history
     *     arrives on the driver's threads, live events on the source's delivery threads
     */
    Flux<RecordedEvent> subscribeFrom(Position after, EventFilter filter);
}
