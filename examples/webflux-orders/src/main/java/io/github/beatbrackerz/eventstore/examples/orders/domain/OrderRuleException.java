package io.github.beatbrackerz.eventstore.examples.orders.domain;

/**
 * A command does not fit the order's current state, for example shipping an open order. Nothing
 * was written. Answered with 422.
 */
public final class OrderRuleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final OrderStatus status;

    /**
     * @param status the order's status when the command arrived
     * @param message what is not allowed
     */
    public OrderRuleException(OrderStatus status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the order's status when the command arrived */
    public OrderStatus status() {
        return status;
    }
}
