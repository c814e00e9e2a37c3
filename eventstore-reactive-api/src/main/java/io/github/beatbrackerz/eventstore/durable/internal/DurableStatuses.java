package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentStatus;
import org.jspecify.annotations.Nullable;

/** Builds the public status of a segment from its stored state, its lag and what this instance knows. */
final class DurableStatuses {

    private DurableStatuses() {
    }

    static DurableStatus of(SegmentStatus stored, DurableStatus.@Nullable Lag lag, @Nullable Coordinator here) {
        SegmentSlot slot = here == null ? null : here.slot(stored.segment());
        boolean local = slot != null && stored.leaseHeld() && here.owner().equals(stored.owner())
                && slot.lease().token() == stored.token();
        return new DurableStatus(stored.subscription(), stored.segment(), stored.segmentCount(), stored.owner(), stored.leaseHeld(),
                stored.paused(), stored.checkpoint(), stored.checkpointAge(), stored.heartbeatAge(), stored.parked(), lag, local,
                local ? slot.lastError() : null);
    }
}
