package io.github.beatbrackerz.eventstore.examples.orders.web;

import io.github.beatbrackerz.eventstore.model.Snapshot;
import java.time.Instant;

/**
 * The answer of {@code POST /orders/{id}/snapshot}.
 *
 * @param orderId the order
 * @param sequenceNumber the last event folded into the snapshot
 * @param createdAt when it was stored
 */
public record SnapshotView(String orderId, long sequenceNumber, Instant createdAt) {

    /**
     * @param snapshot a stored snapshot
     * @return its view
     */
    public static SnapshotView of(Snapshot snapshot) {
        return new SnapshotView(snapshot.stream().aggregateId(), snapshot.sequenceNumber(), snapshot.createdAt());
    }
}
