package io.github.beatbrackerz.eventstore.examples.orders.web;

import org.jspecify.annotations.Nullable;

/**
 * The JSON bodies of the order commands. Fields are nullable here; the service checks them and
 * names the missing or bad one in a 400 answer.
 */
public final class OrderRequests {

    private OrderRequests() {
    }

    /** @param customerId who orders */
    public record CreateOrder(@Nullable String customerId) {
    }

    /**
     * @param sku the product
     * @param quantity how many
     * @param unitPriceCents the price of one, in cents
     */
    public record AddItem(@Nullable String sku, @Nullable Integer quantity, @Nullable Long unitPriceCents) {
    }

    /**
     * @param carrier the carrier
     * @param trackingNumber the carrier's tracking number
     */
    public record ShipOrder(@Nullable String carrier, @Nullable String trackingNumber) {
    }

    /** @param reason why the order is cancelled */
    public record CancelOrder(@Nullable String reason) {
    }
}
