package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.durable.spi.DeadLetterStore;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.ReplayClaim;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * How a segment applies its events: the handler, and where the checkpoint is stored. At-least-once
 * delivery ({@link HandlerDelivery}) calls the handler and leaves the checkpoint to the runner,
 * which stores it in batches; a transactional delivery (PostgreSQL) stores it in the handler's
 * transaction.
 */
public interface Delivery {

    /** @return whether events are handed over in batches; otherwise one by one */
    boolean batched();

    /** @return whether {@link #apply} stores the checkpoint itself */
    boolean checkpointsWithBatch();

    /**
     * Applies events under a lease. Lazy; one attempt per subscription (the runner retries).
     *
     * @param events one event, or a batch when {@link #batched()}, in position order
     * @param lease the segment's lease, for a checkpoint stored with the batch
     * @return completes when applied; errors with the handler's failure, or with a
     *     {@link io.github.beatbrackerz.eventstore.error.LeaseLostException} when the lease was lost
     */
    Mono<Void> apply(List<RecordedEvent> events, Lease lease);

    /**
     * Applies a parked event once more and completes its replay claim. Lazy; one attempt per
     * subscription.
     *
     * @param event the parked event
     * @param claim the replay's claim
     * @param deadLetters where the claim is completed
     * @return completes when applied and the event is no longer parked; errors with the handler's
     *     failure, or with a {@link io.github.beatbrackerz.eventstore.error.LeaseLostException} when
     *     the replay's hold was lost
     */
    Mono<Void> replay(RecordedEvent event, ReplayClaim claim, DeadLetterStore deadLetters);
}
