package io.github.beatbrackerz.eventstore.durable;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import reactor.core.publisher.Mono;

/**
 * Handles one event of a durable subscription. Within a segment, the next event is handed over
 * only after the returned {@code Mono} completed, so each stream's events are handled one at a
 * time and in order.
 *
 * <p>Called on a non-blocking thread (the store's delivery thread): never block in it; move
 * blocking work off with {@code subscribeOn(Schedulers.boundedElastic())}. An error (or an
 * exception thrown by the call) is retried with backoff as the subscription's spec says, and the
 * event is parked after the last attempt. Cancellation happens only on a hard stop ({@code
 * dispose()}) or when the segment's lease is lost.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * Handles one event. Must be idempotent in at-least-once delivery: after a crash, events
     * handled since the last checkpoint are handed over again.
     *
     * @param event the event
     * @return completes when the event is handled; errors to ask for a retry
     */
    Mono<Void> handle(RecordedEvent event);
}
