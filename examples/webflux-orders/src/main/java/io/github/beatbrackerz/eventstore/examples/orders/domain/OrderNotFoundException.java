package io.github.beatbrackerz.eventstore.examples.orders.domain;

/** No order has this id: its stream has no event. Answered with 404. */
public final class OrderNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String orderId;

    /** @param orderId the id that was looked up */
    public OrderNotFoundException(String orderId) {
        super("order " + orderId + " does not exist");
        this.orderId = orderId;
    }

    /** @return the id that was looked up */
    public String orderId() {
        return orderId;
    }
}
