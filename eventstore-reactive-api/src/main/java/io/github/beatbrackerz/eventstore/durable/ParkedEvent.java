package io.github.beatbrackerz.eventstore.durable;

import io.github.beatbrackerz.eventstore.model.Position;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A parked (dead-lettered) event of a durable subscription.
 *
 * @param id its id: skip or replay it by this id
 * @param subscription the subscription name
 * @param segment the segment whose owner parked it
 * @param position the event's position
 * @param eventId the event's id
 * @param error what the last failure said
 * @param attempts how many times handling it failed, replays included
 * @param parkedAt when it was last parked, by the storage's clock
 * @param replayUntil until when someone holds it for a replay, or {@code null}
 */
public record ParkedEvent(long id, String subscription, int segment, Position position, UUID eventId, String error,
                          int attempts, Instant parkedAt, @Nullable Instant replayUntil) {
}
