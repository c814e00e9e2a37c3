package io.github.beatbrackerz.eventstore.examples.orders.web;

import io.github.beatbrackerz.eventstore.examples.orders.domain.Order;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderService;
import io.github.beatbrackerz.eventstore.examples.orders.web.OrderRequests.AddItem;
import io.github.beatbrackerz.eventstore.examples.orders.web.OrderRequests.CancelOrder;
import io.github.beatbrackerz.eventstore.examples.orders.web.OrderRequests.CreateOrder;
import io.github.beatbrackerz.eventstore.examples.orders.web.OrderRequests.ShipOrder;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The order endpoints. Every answer carrying an order has its version as {@code ETag}; commands
 * on an existing order take that version back as {@code If-Match} and answer 409 when the order
 * has moved on since (see {@link ProblemResponses} for every error answer).
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    /**
     * {@code POST /orders}: opens an order.
     *
     * @param request the customer
     * @return 201 with the order, its {@code Location} and {@code ETag}
     */
    @PostMapping
    public Mono<ResponseEntity<Order>> create(@RequestBody CreateOrder request) {
        return orders.create(request.customerId())
                .map(order -> ResponseEntity.created(URI.create("/orders/" + order.id())).eTag(etag(order)).body(order));
    }

    /**
     * {@code GET /orders/{id}}: the order's current state.
     *
     * @param id the order
     * @return 200 with the order and its {@code ETag}
     */
    @GetMapping("/{id}")
    public Mono<ResponseEntity<Order>> get(@PathVariable String id) {
        return orders.get(id).map(OrderController::ok);
    }

    /**
     * {@code POST /orders/{id}/items}: adds a line to an open order.
     *
     * @param id the order
     * @param ifMatch the order's ETag as last read
     * @param request the line
     * @return 200 with the updated order
     */
    @PostMapping("/{id}/items")
    public Mono<ResponseEntity<Order>> addItem(@PathVariable String id, @RequestHeader(name = IfMatch.HEADER, required = false) @Nullable String ifMatch,
            @RequestBody AddItem request) {
        return orders.addItem(id, IfMatch.expectedVersion(ifMatch), request.sku(), request.quantity(), request.unitPriceCents())
                .map(OrderController::ok);
    }

    /**
     * {@code POST /orders/{id}/confirm}: confirms an open order with items.
     *
     * @param id the order
     * @param ifMatch the order's ETag as last read
     * @return 200 with the confirmed order
     */
    @PostMapping("/{id}/confirm")
    public Mono<ResponseEntity<Order>> confirm(@PathVariable String id, @RequestHeader(name = IfMatch.HEADER, required = false) @Nullable String ifMatch) {
        return orders.confirm(id, IfMatch.expectedVersion(ifMatch)).map(OrderController::ok);
    }

    /**
     * {@code POST /orders/{id}/ship}: ships a confirmed order.
     *
     * @param id the order
     * @param ifMatch the order's ETag as last read
     * @param request carrier and tracking number
     * @return 200 with the shipped order
     */
    @PostMapping("/{id}/ship")
    public Mono<ResponseEntity<Order>> ship(@PathVariable String id, @RequestHeader(name = IfMatch.HEADER, required = false) @Nullable String ifMatch,
            @RequestBody ShipOrder request) {
        return orders.ship(id, IfMatch.expectedVersion(ifMatch), request.carrier(), request.trackingNumber()).map(OrderController::ok);
    }

    /**
     * {@code POST /orders/{id}/cancel}: cancels an order that has not shipped.
     *
     * @param id the order
     * @param ifMatch the order's ETag as last read
     * @param request the reason
     * @return 200 with the cancelled order
     */
    @PostMapping("/{id}/cancel")
    public Mono<ResponseEntity<Order>> cancel(@PathVariable String id, @RequestHeader(name = IfMatch.HEADER, required = false) @Nullable String ifMatch,
            @RequestBody CancelOrder request) {
        return orders.cancel(id, IfMatch.expectedVersion(ifMatch), request.reason()).map(OrderController::ok);
    }

    /**
     * {@code POST /orders/{id}/snapshot}: stores a snapshot of the order now (one is also stored
     * automatically every {@code orders.snapshot-interval} events).
     *
     * @param id the order
     * @return 201 with the snapshot's stream, sequence number and time
     */
    @PostMapping("/{id}/snapshot")
    public Mono<ResponseEntity<SnapshotView>> snapshot(@PathVariable String id) {
        return orders.snapshot(id).map(snapshot -> ResponseEntity.status(201).body(SnapshotView.of(snapshot)));
    }

    private static ResponseEntity<Order> ok(Order order) {
        return ResponseEntity.ok().eTag(etag(order)).body(order);
    }

    private static String etag(Order order) {
        return "\"" + order.version() + "\"";
    }
}
