package io.github.beatbrackerz.eventstore.examples.orders.domain;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The current state of an order, as the projection folds it from the order's events. Immutable;
 * also the JSON of {@code GET /orders/{id}} and of the order's snapshots.
 *
 * @param id the order's id; empty before the first event
 * @param customerId who ordered; {@code null} before the first event
 * @param status where the order is in its life
 * @param lines the order's lines, in the order they were added
 * @param totalCents the sum of the lines, in cents
 * @param version the sequence number of the last event applied: the order's ETag
 */
public record Order(String id, @Nullable String customerId, OrderStatus status, List<OrderLine> lines, long totalCents, long version) {

    /** The state before any event. */
    public static final Order NONE = new Order("", null, OrderStatus.NONE, List.of(), 0, 0);

    /** Copies the lines, so that the state stays immutable. */
    public Order {
        lines = List.copyOf(lines);
    }

    /**
     * A copy with one more line.
     *
     * @param line the line
     * @param newVersion the version of the event that added it
     * @return the copy
     */
    Order withLine(OrderLine line, long newVersion) {
        List<OrderLine> more = new ArrayList<>(lines);
        more.add(line);
        return new Order(id, customerId, status, more, totalCents + line.totalCents(), newVersion);
    }

    /**
     * A copy in another status.
     *
     * @param newStatus the status
     * @param newVersion the version of the event that changed it
     * @return the copy
     */
    Order withStatus(OrderStatus newStatus, long newVersion) {
        return new Order(id, customerId, newStatus, lines, totalCents, newVersion);
    }
}
