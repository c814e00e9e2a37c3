package io.github.beatbrackerz.eventstore.durable.spi;

import io.github.beatbrackerz.eventstore.model.Position;
import reactor.core.publisher.Mono;

/**
 * Fenced checkpoint writes: a checkpoint moves only while the writer's lease is held, and never
 * backwards. See the package documentation for the shared contract.
 */
public interface CheckpointStore {

    /**
     * Stores a checkpoint (at-least-once delivery: after the handled events' {@code Mono}s
     * completed).
     *
     * @param lease the writer's lease
     * @param position the position of the last handled event; an earlier one than stored leaves
     *     the stored one
     * @return emits {@code true} when the lease is held and the checkpoint is now at least {@code
     *     position}; {@code false} when the lease was lost and nothing changed
     */
    Mono<Boolean> checkpoint(Lease lease, Position position);
}
