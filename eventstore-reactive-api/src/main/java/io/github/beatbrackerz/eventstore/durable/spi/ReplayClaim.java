package io.github.beatbrackerz.eventstore.durable.spi;

import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import java.time.Instant;

/**
 * A parked event taken for a replay: only the holder of this token may complete or fail the
 * replay, and only until {@code until}.
 *
 * @param parked the parked event
 * @param token the replay's fencing token
 * @param until when the replay's hold expires, by the database's clock
 */
public record ReplayClaim(ParkedEvent parked, long token, Instant until) {
}
