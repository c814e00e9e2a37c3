package io.github.beatbrackerz.eventstore.examples.orders.domain;

/**
 * The payload of an order event. The event type stored with it is the record's simple name, for
 * example {@code ItemAdded}.
 */
public sealed interface OrderEvent
        permits OrderEvent.OrderCreated, OrderEvent.ItemAdded, OrderEvent.OrderConfirmed,
                OrderEvent.OrderShipped, OrderEvent.OrderCancelled {

    /**
     * The event type under which a payload is stored.
     *
     * @param event the payload
     * @return its type name
     */
    static String typeOf(OrderEvent event) {
        return event.getClass().getSimpleName();
    }

    /**
     * An order was opened.
     *
     * @param orderId the order's id
     * @param customerId who ordered
     */
    record OrderCreated(String orderId, String customerId) implements OrderEvent {
    }

    /**
     * A line was added to an open order.
     *
     * @param sku the product
     * @param quantity how many, 1 or more
     * @param unitPriceCents the price of one, in cents
     */
    record ItemAdded(String sku, int quantity, long unitPriceCents) implements OrderEvent {
    }

    /**
     * The customer confirmed the order; no more lines can be added.
     *
     * @param totalCents the order's total at confirmation
     */
    record OrderConfirmed(long totalCents) implements OrderEvent {
    }

    /**
     * A confirmed order left the warehouse.
     *
     * @param carrier the carrier
     * @param trackingNumber the carrier's tracking number
     */
    record OrderShipped(String carrier, String trackingNumber) implements OrderEvent {
    }

    /**
     * The order was cancelled before shipping.
     *
     * @param reason why
     */
    record OrderCancelled(String reason) implements OrderEvent {
    }
}
