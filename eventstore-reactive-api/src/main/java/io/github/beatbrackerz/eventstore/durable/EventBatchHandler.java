package io.github.beatbrackerz.eventstore.durable;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Handles the events of a durable subscription in batches: up to {@link
 * DurableSubscriptionSpec#maxBatchSize()} events of one segment, in position order (so each
 * stream's events in order), taken from what is waiting; a partial batch waits at most {@link
 * DurableSubscriptionSpec#maxBatchWait()} for more. The next batch of the segment is handed over
 * only after the returned {@code Mono} completed.
 *
 * <p>Called on a non-blocking thread: never block in it. A failed batch is retried with backoff;
 * after the last attempt its events are handled one by one (each with the same retries), and
 * only the events that still fail are parked.
 */
@FunctionalInterface
public interface EventBatchHandler {

    /**
     * Handles one batch. Must be idempotent in at-least-once delivery.
     *
     * @param events the batch, never empty, in position order
     * @return completes when every event of the batch is handled; errors to ask for a retry
     */
    Mono<Void> handle(List<RecordedEvent> events);
}
