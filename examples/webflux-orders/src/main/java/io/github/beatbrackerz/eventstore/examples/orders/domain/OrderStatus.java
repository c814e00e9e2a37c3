package io.github.beatbrackerz.eventstore.examples.orders.domain;

/** Where an order is in its life. */
public enum OrderStatus {
    /** No event yet: the order does not exist. */
    NONE,
    /** Created; lines can be added. */
    OPEN,
    /** Confirmed by the customer; ready to ship. */
    CONFIRMED,
    /** Shipped; final. */
    SHIPPED,
    /** Cancelled; final. */
    CANCELLED
}
