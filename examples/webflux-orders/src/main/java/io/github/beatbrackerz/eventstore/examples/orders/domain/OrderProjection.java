package io.github.beatbrackerz.eventstore.examples.orders.domain;

import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderEvent.ItemAdded;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderEvent.OrderCreated;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;

/** Folds an order's events into its {@link Order} state. Pure; used by replay and by commands. */
public final class OrderProjection {

    /** The projection, with snapshot version 1 (the JSON shape of {@link Order}). */
    public static final Projection<Order> INSTANCE = Projection.of(Order.class, Order.NONE, OrderProjection::apply);

    private OrderProjection() {
    }

    /**
     * Applies one event; unknown event types only advance the version.
     *
     * @param order the state so far
     * @param event the next event of the order
     * @return the new state
     */
    public static Order apply(Order order, RecordedEvent event) {
        long version = event.sequenceNumber();
        return switch (event.type()) {
            case "OrderCreated" -> created(event.payloadAs(OrderCreated.class), version);
            case "ItemAdded" -> order.withLine(line(event.payloadAs(ItemAdded.class)), version);
            case "OrderConfirmed" -> order.withStatus(OrderStatus.CONFIRMED, version);
            case "OrderShipped" -> order.withStatus(OrderStatus.SHIPPED, version);
            case "OrderCancelled" -> order.withStatus(OrderStatus.CANCELLED, version);
            default -> order.withStatus(order.status(), version);
        };
    }

    private static Order created(OrderCreated created, long version) {
        return new Order(created.orderId(), created.customerId(), OrderStatus.OPEN, List.of(), 0, version);
    }

    private static OrderLine line(ItemAdded added) {
        return new OrderLine(added.sku(), added.quantity(), added.unitPriceCents());
    }
}
