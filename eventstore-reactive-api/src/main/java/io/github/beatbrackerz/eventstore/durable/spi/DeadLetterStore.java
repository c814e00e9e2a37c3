package io.github.beatbrackerz.eventstore.durable.spi;

import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Parked (dead-lettered) events: park under a lease, list, skip and replay. Parking the same event
 * of a subscription again updates its entry. A replay takes an entry under a hold of its own and
 * never touches the checkpoint. See the package documentation for the shared contract.
 */
public interface DeadLetterStore {

    /**
     * Parks an event of the lease's segment, fenced like a checkpoint. The checkpoint is not moved.
     *
     * @param lease the parking owner's lease
     * @param letter the event and its failure
     * @return emits {@code true} when parked; {@code false} when the lease was lost
     */
    Mono<Boolean> park(Lease lease, DeadLetter letter);

    /**
     * A subscription's parked events, oldest first.
     *
     * @param subscription the subscription name
     * @return the parked events, then completes; empty when there are none
     */
    Flux<ParkedEvent> list(String subscription);

    /**
     * Deletes a parked event without replaying it.
     *
     * @param subscription the subscription name
     * @param id the parked event's id
     * @return emits whether it existed
     */
    Mono<Boolean> skip(String subscription, long id);

    /**
     * Takes one parked event for a replay, for {@code holdTime}. Complete with {@link
     * #replayed(ReplayClaim)} or {@link #replayFailed}; a hold that expires frees it again.
     *
     * @param subscription the subscription name
     * @param id the parked event's id
     * @param holdTime how long the replay may take
     * @return emits the claim; empty when there is no such event or someone else holds it
     */
    Mono<ReplayClaim> takeForReplay(String subscription, long id, Duration holdTime);

    /**
     * Completes a replay: deletes the parked event if the claim still holds it.
     *
     * @param claim the replay's claim
     * @return emits {@code true} when deleted; {@code false} when the hold expired or the event was
     *     skipped, parked again or taken by another replay
     */
    Mono<Boolean> replayed(ReplayClaim claim);

    /**
     * Records a failed replay: one more attempt, the new error, and the event free again.
     *
     * @param claim the replay's claim
     * @param error what the failure said
     * @return emits {@code true} when recorded; {@code false} when the claim no longer holds it
     */
    Mono<Boolean> replayFailed(ReplayClaim claim, String error);
}
