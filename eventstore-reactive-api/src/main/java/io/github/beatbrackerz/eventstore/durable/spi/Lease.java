package io.github.beatbrackerz.eventstore.durable.spi;

import io.github.beatbrackerz.eventstore.model.Position;
import java.time.Instant;

/**
 * A held claim on one segment of a durable subscription, as the database answered a claim or a
 * renewal. Pass it back unchanged: checkpoint, renew, release and park match its owner and token.
 *
 * @param subscription the subscription name
 * @param segment the segment, from 0 to {@code segmentCount - 1}
 * @param segmentCount how many segments the subscription has
 * @param owner who holds it
 * @param token the fencing token this claim set; a later claim sets a larger one
 * @param checkpoint the stored checkpoint when the database answered: resume after it
 * @param expiresAt when the lease expires, by the database's clock (for display; renew on a timer)
 * @param paused whether the subscription is paused: hold the lease but deliver nothing
 */
public record Lease(String subscription, int segment, int segmentCount, String owner, long token, Position checkpoint,
                    Instant expiresAt, boolean paused) {
}
