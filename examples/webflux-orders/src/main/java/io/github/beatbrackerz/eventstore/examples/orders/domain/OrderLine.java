package io.github.beatbrackerz.eventstore.examples.orders.domain;

/**
 * One line of an order.
 *
 * @param sku the product
 * @param quantity how many
 * @param unitPriceCents the price of one, in cents
 */
public record OrderLine(String sku, int quantity, long unitPriceCents) {

    /** @return quantity times unit price, in cents */
    public long totalCents() {
        return quantity * unitPriceCents;
    }
}
