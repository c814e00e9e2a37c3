package io.github.beatbrackerz.eventstore.examples.orders.domain;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderEvent.ItemAdded;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderEvent.OrderCancelled;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderEvent.OrderConfirmed;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderEvent.OrderCreated;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderEvent.OrderShipped;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Turns order commands into appends with optimistic concurrency, and reads orders back through
 * {@link OrderProjection} (from the latest snapshot on).
 *
 * <p>Every command method checks its arguments at call time and throws a {@link
 * io.github.beatbrackerz.eventstore.error.ValidationException} naming the bad field. The returned
 * {@code Mono} is lazy and emits the order's new state once the event is durable, or errors with
 * {@link OrderNotFoundException}, {@link ConcurrencyConflictException} (the expected version is
 * not the order's current one; nothing written) or {@link OrderRuleException} (the command does
 * not fit the order's status; nothing written).
 */
public final class OrderService {

    /** The aggregate type of order streams. */
    public static final String AGGREGATE_TYPE = "Order";

    private static final String CREATED_BY = "orders-api";

    private final EventStore store;
    private final OrderSnapshots snapshots;

    /**
     * @param store the event store
     * @param snapshotInterval a snapshot is stored whenever an order's version reaches a multiple of this
     */
    public OrderService(EventStore store, int snapshotInterval) {
        this.store = store;
        this.snapshots = new OrderSnapshots(store, snapshotInterval);
    }

    /**
     * Opens a new order under a fresh id.
     *
     * @param customerId who orders; not blank
     * @return the new order, at version 1
     */
    public Mono<Order> create(@Nullable String customerId) {
        String orderId = UUID.randomUUID().toString();
        OrderEvent created = new OrderCreated(orderId, Checks.text("customerId", customerId));
        return append(Order.NONE, orderId, created, ExpectedVersion.noStream());
    }

    /**
     * Adds a line to an open order.
     *
     * @param orderId the order
     * @param expectedVersion the version the client last saw
     * @param sku the product; not blank
     * @param quantity 1 to 1,000
     * @param unitPriceCents 0 to 100,000,000
     * @return the order with the line
     */
    public Mono<Order> addItem(String orderId, long expectedVersion, @Nullable String sku, @Nullable Integer quantity, @Nullable Long unitPriceCents) {
        OrderEvent added = new ItemAdded(Checks.text("sku", sku), (int) Checks.between("quantity", quantity, 1, 1_000),
                Checks.between("unitPriceCents", unitPriceCents, 0, 100_000_000));
        return decide(orderId, expectedVersion, order -> require(order, OrderStatus.OPEN, "add items to", added));
    }

    /**
     * Confirms an open order that has at least one line.
     *
     * @param orderId the order
     * @param expectedVersion the version the client last saw
     * @return the confirmed order
     */
    public Mono<Order> confirm(String orderId, long expectedVersion) {
        return decide(orderId, expectedVersion, order -> {
            if (order.status() == OrderStatus.OPEN && order.lines().isEmpty()) {
                throw new OrderRuleException(order.status(), "cannot confirm an order without items");
            }
            return require(order, OrderStatus.OPEN, "confirm", new OrderConfirmed(order.totalCents()));
        });
    }

    /**
     * Ships a confirmed order.
     *
     * @param orderId the order
     * @param expectedVersion the version the client last saw
     * @param carrier the carrier; not blank
     * @param trackingNumber the tracking number; not blank
     * @return the shipped order
     */
    public Mono<Order> ship(String orderId, long expectedVersion, @Nullable String carrier, @Nullable String trackingNumber) {
        OrderEvent shipped = new OrderShipped(Checks.text("carrier", carrier), Checks.text("trackingNumber", trackingNumber));
        return decide(orderId, expectedVersion, order -> require(order, OrderStatus.CONFIRMED, "ship", shipped));
    }

    /**
     * Cancels an order that has not shipped.
     *
     * @param orderId the order
     * @param expectedVersion the version the client last saw
     * @param reason why; not blank
     * @return the cancelled order
     */
    public Mono<Order> cancel(String orderId, long expectedVersion, @Nullable String reason) {
        OrderEvent cancelled = new OrderCancelled(Checks.text("reason", reason));
        return decide(orderId, expectedVersion, order -> {
            if (order.status() == OrderStatus.CONFIRMED) {
                return cancelled;
            }
            return require(order, OrderStatus.OPEN, "cancel", cancelled);
        });
    }

    /**
     * The order's current state, replayed from its latest snapshot and the events after it.
     *
     * @param orderId the order
     * @return the state; errors with {@link OrderNotFoundException} when the order has no event
     */
    public Mono<Order> get(String orderId) {
        Checks.text("orderId", orderId);
        return store.replayEvents(orderId, AGGREGATE_TYPE, OrderProjection.INSTANCE)
                .filter(order -> order.version() > 0)
                .switchIfEmpty(Mono.error(() -> new OrderNotFoundException(orderId)));
    }

    /**
     * Stores a snapshot of the order's current state now.
     *
     * @param orderId the order
     * @return the stored snapshot; errors with {@link OrderNotFoundException}
     */
    public Mono<Snapshot> snapshot(String orderId) {
        return get(orderId).flatMap(snapshots::store);
    }

    private Mono<Order> decide(String orderId, long expectedVersion, Function<Order, OrderEvent> decision) {
        Checks.text("orderId", orderId);
        return get(orderId).flatMap(order -> {
            if (order.version() != expectedVersion) {
                // Checked before the rules, so that a stale client learns it is stale rather than a rule it may not break any more.
                return Mono.error(new ConcurrencyConflictException(StreamId.of(orderId, AGGREGATE_TYPE), expectedVersion, order.version()));
            }
            return append(order, orderId, decision.apply(order), ExpectedVersion.exactly(expectedVersion));
        });
    }

    private Mono<Order> append(Order before, String orderId, OrderEvent event, ExpectedVersion expected) {
        NewEvent newEvent = NewEvent.builder()
                .type(OrderEvent.typeOf(event))
                .aggregateId(orderId)
                .aggregateType(AGGREGATE_TYPE)
                .createdBy(CREATED_BY)
                .payload(event)
                .build();
        return store.appendEvent(newEvent, expected)
                .map(recorded -> OrderProjection.apply(before, recorded))
                .flatMap(snapshots::storeIfDue);
    }

    private static OrderEvent require(Order order, OrderStatus status, String action, OrderEvent event) {
        if (order.status() != status) {
            throw new OrderRuleException(order.status(), "cannot " + action + " an order that is " + order.status());
        }
        return event;
    }
}
