package io.github.beatbrackerz.eventstore.durable.spi;

import io.github.beatbrackerz.eventstore.model.Position;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The life of a durable subscription name: register, pause, resume, reset, delete, and the
 * stored state of its segments. Pause, resume, reset and delete need no lease; reset and delete
 * revoke every lease of the name. See the package documentation for the shared contract.
 */
public interface SegmentRegistry {

    /**
     * Creates a subscription's segments, each with the start checkpoint, if the name is new.
     * Idempotent and safe when several instances register at once: exactly one creates them.
     *
     * @param subscription the subscription name
     * @param segmentCount how many segments
     * @param start the checkpoint to start after ({@link Position#BEGINNING} for the whole history)
     * @return emits {@code true} when this call created the subscription, {@code false} when it
     *     existed with the same segment count; errors with
     *     {@link io.github.beatbrackerz.eventstore.error.SegmentCountMismatchException} when it
     *     exists with another count
     */
    Mono<Boolean> register(String subscription, int segmentCount, Position start);

    /**
     * Pauses a subscription: owners keep their leases (and see {@link Lease#paused()}) and
     * deliver nothing until it is resumed.
     *
     * @param subscription the subscription name
     * @return emits how many segments were marked; 0 when the name is not registered
     */
    Mono<Integer> pause(String subscription);

    /**
     * Resumes a paused subscription.
     *
     * @param subscription the subscription name
     * @return emits how many segments were marked; 0 when the name is not registered
     */
    Mono<Integer> resume(String subscription);

    /**
     * Resets a subscription at once: every segment's checkpoint becomes {@code position}, the
     * segment count becomes {@code segmentCount}, and every lease is revoked (no owner, a new
     * token), so an owner mid-batch loses its next checkpoint and renewal. The paused flag stays.
     *
     * @param subscription the subscription name
     * @param position the checkpoint to resume after
     * @param segmentCount the new segment count, or 0 to keep the stored one
     * @param discardParked whether to delete the name's parked events too
     * @return emits how many segments the subscription has now; 0 when the name is not registered
     */
    Mono<Integer> reset(String subscription, Position position, int segmentCount, boolean discardParked);

    /**
     * Deletes a subscription: its segments, members and parked events. Its owners' next fenced
     * writes are refused.
     *
     * @param subscription the subscription name
     * @return emits how many segments were deleted; 0 when the name is not registered
     */
    Mono<Integer> delete(String subscription);

    /**
     * The stored state of each segment of one subscription.
     *
     * @param subscription the subscription name
     * @return one element per segment in segment order, then completes; empty when the name is not
     *     registered
     */
    Flux<SegmentStatus> status(String subscription);
}
