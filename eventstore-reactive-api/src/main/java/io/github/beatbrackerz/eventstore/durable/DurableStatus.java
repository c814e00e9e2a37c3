package io.github.beatbrackerz.eventstore.durable;

import io.github.beatbrackerz.eventstore.model.Position;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One segment of a durable subscription, for dashboards and metrics. Ages are measured by the
 * storage's clock when the status was read.
 *
 * @param subscription the subscription name
 * @param segment the segment
 * @param segmentCount how many segments the subscription has
 * @param owner the instance that holds or last held the segment's lease, or {@code null}
 * @param leaseHeld whether an owner holds an unexpired lease right now
 * @param paused whether the subscription is paused
 * @param checkpoint the stored checkpoint: the segment resumes after it
 * @param checkpointAge time since the checkpoint was last written (or registered, or reset), or {@code null}
 * @param heartbeatAge time since the owner last claimed or renewed the lease, or {@code null}: a
 *     frozen owner shows as a growing age
 * @param parked how many of the segment's events are parked
 * @param lag how far the checkpoint trails the store, or {@code null} when not measured (the filter
 *     is only known where the subscription was started)
 * @param local whether the instance that answered owns the segment
 * @param lastError the last handler or storage failure the owning instance saw, or {@code null}
 *     (known only to the owner: {@code null} unless {@code local})
 */
public record DurableStatus(String subscription, int segment, int segmentCount, @Nullable String owner, boolean leaseHeld,
                            boolean paused, Position checkpoint, @Nullable Duration checkpointAge,
                            @Nullable Duration heartbeatAge, long parked, @Nullable Lag lag, boolean local,
                            @Nullable String lastError) {

    /**
     * How far a segment's checkpoint trails the committed events.
     *
     * @param events matching events of the segment after the checkpoint; a lower bound when
     *     {@code atLeast} (counting stops at a limit)
     * @param atLeast whether counting stopped at its limit
     * @param time how long ago the oldest of those events was stored; zero when there is none
     */
    public record Lag(long events, boolean atLeast, Duration time) {

        /** No lag: the checkpoint is at the head. */
        public static final Lag NONE = new Lag(0, false, Duration.ZERO);
    }
}
