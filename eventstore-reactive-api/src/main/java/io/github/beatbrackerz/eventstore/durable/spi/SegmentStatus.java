package io.github.beatbrackerz.eventstore.durable.spi;

import io.github.beatbrackerz.eventstore.model.Position;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One segment of a durable subscription as stored, for dashboards and metrics. Ages are measured
 * by the database's clock at the time of the query.
 *
 * @param subscription the subscription name
 * @param segment the segment
 * @param segmentCount how many segments the subscription has
 * @param owner the last owner, or {@code null} when never claimed or released
 * @param token the current fencing token
 * @param checkpoint the stored checkpoint
 * @param leaseExpiresAt when the lease expires or expired, or {@code null}
 * @param leaseHeld whether an owner holds an unexpired lease right now
 * @param heartbeatAge time since the owner last claimed or renewed, or {@code null}
 * @param checkpointAge time since the last checkpoint write (or registration or reset), or {@code null}
 * @param paused whether the subscription is paused
 * @param parked how many parked events this segment has
 * @param updatedAt when the row last changed
 */
public record SegmentStatus(String subscription, int segment, int segmentCount, @Nullable String owner, long token,
                            Position checkpoint, @Nullable Instant leaseExpiresAt, boolean leaseHeld,
                            @Nullable Duration heartbeatAge, @Nullable Duration checkpointAge, boolean paused, long parked,
                            Instant updatedAt) {
}
