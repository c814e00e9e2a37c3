package io.github.beatbrackerz.eventstore.examples.orders.readmodel;

/**
 * One customer's orders as the read model counts them.
 *
 * @param customerId the customer
 * @param orders orders opened
 * @param confirmed orders confirmed
 * @param confirmedCents the confirmed orders' total
 * @param cancelled orders cancelled
 */
public record CustomerSummary(String customerId, long orders, long confirmed, long confirmedCents, long cancelled) {
}
