package io.github.beatbrackerz.eventstore.examples.quickstart;

import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The order domain of the walk-through: payload types, the state and its projection. */
final class Orders {

    private Orders() {
    }

    /** One line of an order. @param productId the product @param quantity how many */
    record Item(String productId, int quantity) {
    }

    /** Payload of {@code OrderCreated}. @param customerId the customer @param items the lines @param totalAmount the total */
    record OrderCreated(String customerId, List<Item> items, double totalAmount) {
    }

    /**
     * The state of an order.
     *
     * @param id the order id
     * @param status pending, confirmed, shipped or delivered
     * @param items the lines
     * @param totalAmount the total
     * @param createdAt when it was created
     * @param shippedAt when it was shipped
     */
    record OrderState(String id, String status, List<Item> items, double totalAmount,
                      @Nullable Instant createdAt, @Nullable Instant shippedAt) {

        static final OrderState INITIAL = new OrderState("", "pending", List.of(), 0, null, null);

        OrderState withStatus(String newStatus) {
            return new OrderState(id, newStatus, items, totalAmount, createdAt, shippedAt);
        }
    }

    /** The specification's {@code orderProjection}, in Java. */
    static final Projection<OrderState> PROJECTION = Projection.of(OrderState.class, OrderState.INITIAL, Orders::apply);

    private static OrderState apply(OrderState state, RecordedEvent event) {
        return switch (event.type()) {
            case "OrderCreated" -> {
                OrderCreated created = event.payloadAs(OrderCreated.class);
                yield new OrderState(event.aggregateId(), state.status(), created.items(), created.totalAmount(),
                        event.createdAt(), null);
            }
            case "OrderConfirmed" -> state.withStatus("confirmed");
            case "OrderShipped" -> new OrderState(state.id(), "shipped", state.items(), state.totalAmount(),
                    state.createdAt(), event.createdAt());
            case "OrderDelivered" -> state.withStatus("delivered");
            default -> state;
        };
    }
}
