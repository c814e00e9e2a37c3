package io.github.beatbrackerz.eventstore.examples.quickstart;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.examples.quickstart.Orders.Item;
import io.github.beatbrackerz.eventstore.examples.quickstart.Orders.OrderCreated;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every feature of the specification, one narrated step at a time. Each step is a lazy
 * {@code Mono<Void>}; {@link #run()} chains them in order.
 */
final class Walkthrough {

    private final EventStore store;
    private final String orderId = "order-" + UUID.randomUUID();
    private final String productId = "product-" + UUID.randomUUID();
    private final String checkout = "checkout-" + UUID.randomUUID();

    Walkthrough(EventStore store) {
        this.store = store;
    }

    /** @return all steps in order; lazy */
    Mono<Void> run() {
        return Flux.concat(
                step("1. Append a single event", appendSingle()),
                step("2. Append a batch atomically", appendBatch()),
                step("3. Optimistic concurrency", expectedVersion()),
                step("4. Idempotent appends", idempotentRetry()),
                step("5. Read an aggregate, query, events by type", reads()),
                step("6. Live and catch-up subscriptions", subscriptions()),
                step("7. Snapshots and pruning", snapshots()),
                step("8. Replay, point-in-time state, rebuild with snapshots", replays()),
                step("9. Stream processing in batches", streamProcessing()),
                step("10. Statistics and stream validation", inspection()),
                step("11. Cache management", cache())).then();
    }

    private Mono<Void> appendSingle() {
        NewEvent created = NewEvent.builder()
                .type("OrderCreated").aggregateId(orderId).aggregateType("order").createdBy("user-123")
                .payload(new OrderCreated("customer-456", List.of(new Item("product-789", 2)), 99.99))
                .metadata(Map.of("ipAddress", "192.168.1.1", "userAgent", "Mozilla/5.0"))
                .correlationId(checkout)
                .build();
        return store.appendEvent(created)
                .doOnNext(e -> say("stored %s #%d of %s at position %s", e.type(), e.sequenceNumber(), e.stream(), e.position()))
                .then();
    }

    private Mono<Void> appendBatch() {
        List<NewEvent> batch = List.of(
                productEvent("ProductCreated", Map.of("name", "Laptop", "price", 999.99)),
                productEvent("InventoryUpdated", Map.of("quantity", 100)));
        return store.appendEvents(batch)
                .doOnNext(e -> say("stored %s #%d", e.type(), e.sequenceNumber()))
                .then();
    }

    private Mono<Void> expectedVersion() {
        return store.appendEvent(orderEvent("OrderConfirmed"), ExpectedVersion.exactly(1))
                .doOnNext(e -> say("confirmed at expected version 1 -> now version %d", e.sequenceNumber()))
                .then(store.appendEvent(orderEvent("OrderCancelled"), ExpectedVersion.exactly(1)))
                .onErrorResume(ConcurrencyConflictException.class, conflict -> {
                    say("a stale writer was rejected: expected %d, actual %d (retryable: %s)",
                            conflict.expectedVersion(), conflict.actualVersion(), conflict.isRetryable());
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> idempotentRetry() {
        NewEvent shipped = orderEvent("OrderShipped").withEventId(UUID.randomUUID());
        return store.appendEvent(shipped)
                .then(store.appendEvent(shipped))
                .doOnNext(e -> say("the same event id appended twice is stored once: #%d", e.sequenceNumber()))
                .then(store.getAggregateEvents(orderId, "order").count())
                .doOnNext(count -> say("the order has %d events", count))
                .then();
    }

    private Mono<Void> reads() {
        EventQuery query = EventQuery.builder()
                .aggregateType("order").type("OrderShipped").fromSequence(1L).toSequence(50L)
                .limit(20).order(SortOrder.DESC).build();
        return store.getAggregateEvents(orderId, "order").map(RecordedEvent::type).collectList()
                .doOnNext(types -> say("aggregate stream: %s", types))
                .then(store.queryEvents(query).count())
                .doOnNext(n -> say("query (order, OrderShipped, seq 1..50, desc, limit 20): %d event(s)", n))
                .then(store.getEventsByType("OrderCreated", 10).count())
                .doOnNext(n -> say("latest OrderCreated events: %d", n))
                .then(store.queryEvents(EventQuery.builder().correlationId(checkout).build()).map(RecordedEvent::type).collectList())
                .doOnNext(types -> say("events correlated with the checkout (metadata correlationId): %s", types))
                .then();
    }

    private Mono<Void> subscriptions() {
        EventFilter thisOrder = EventFilter.forStream(StreamId.of(orderId, "order"));
        // A live subscription signals Ready once established; every event that commits from then on is delivered.
        Mono<RecordedEvent> live = store.subscribeToSignals(thisOrder)
                .flatMap(signal -> signal instanceof RecordedEvent event
                        ? Mono.just(event)
                        : store.appendEvent(orderEvent("OrderDelivered")).then(Mono.<RecordedEvent>empty()))
                .next();
        return live
                .timeout(Duration.ofSeconds(30))
                .doOnNext(event -> say("live subscriber received %s at position %s", event.type(), event.position()))
                .then(store.subscribeFrom(Position.BEGINNING, thisOrder).take(3).map(RecordedEvent::type).collectList()
                        .timeout(Duration.ofSeconds(30)))
                .doOnNext(types -> say("catch-up from the beginning replays history first: %s ...", types))
                .then();
    }

    private Mono<Void> snapshots() {
        return store.getAggregateEvents(orderId, "order").last()
                .flatMap(last -> store.replayEvents(orderId, "order", Orders.PROJECTION)
                        .flatMap(state -> store.createSnapshot(NewSnapshot.of(orderId, "order", last.sequenceNumber(), state))))
                .doOnNext(s -> say("snapshot stored at sequence %d", s.sequenceNumber()))
                .then(store.createSnapshot(NewSnapshot.of(orderId, "order", 2, Map.of("note", "an older one"))))
                .then(store.getLatestSnapshot(orderId, "order"))
                .doOnNext(s -> say("latest snapshot: sequence %d, status %s", s.sequenceNumber(), s.state().node().get("status")))
                .then(store.pruneSnapshots(orderId, "order", 1))
                .doOnNext(deleted -> say("pruned %d old snapshot(s), keeping the most recent", deleted))
                .then();
    }

    private Mono<Void> replays() {
        return store.replayEvents(orderId, "order", Orders.PROJECTION)
                .doOnNext(s -> say("current state (from the snapshot onwards): %s, %s", s.status(), s.items()))
                .then(store.getStateAtSequence(orderId, "order", Orders.PROJECTION, 2))
                .doOnNext(s -> say("state at sequence 2: %s", s.status()))
                .then(store.rebuildWithSnapshots(orderId, "order", Orders.PROJECTION, 2))
                .doOnNext(s -> say("rebuilt from scratch with a snapshot every 2 events: %s", s.status()))
                .then();
    }

    private Mono<Void> streamProcessing() {
        return store.replayEventStream(EventQuery.builder().aggregateType("order").build(),
                        (events, batchNumber) -> Mono.fromRunnable(
                                () -> say("batch %d: %d event(s)", batchNumber, events.size())),
                        2)
                .doOnNext(total -> say("processed %d event(s)", total))
                .then();
    }

    private Mono<Void> inspection() {
        return store.getAggregateStats(orderId, "order")
                .doOnNext(stats -> say("%d events, first %s, last %s, per type %s", stats.totalEvents(),
                        stats.firstEvent() == null ? "-" : stats.firstEvent().type(),
                        stats.lastEvent() == null ? "-" : stats.lastEvent().type(), stats.eventTypes()))
                .then(store.validateEventStream(orderId, "order"))
                .doOnNext(result -> say(result.valid() ? "event stream is valid" : "issues: " + result.issues()))
                .then();
    }

    private Mono<Void> cache() {
        return store.warmupCache(orderId, "order")
                .then(store.getCacheStats())
                .doOnNext(stats -> say("cache enabled: %s, type: %s, keys: %s, memory: %s bytes",
                        stats.enabled(), stats.type(), stats.keys(), stats.memoryBytes()))
                .then(store.getAggregateEvents(orderId, "order").count())
                .doOnNext(n -> say("read %d events through the cache", n))
                .then(store.clearAggregateCache(orderId, "order"))
                .then(store.clearCache())
                .then(store.getCacheStats())
                .doOnNext(stats -> say("after clearCache: %s keys", stats.keys()))
                .then();
    }

    private NewEvent orderEvent(String type) {
        return NewEvent.builder().type(type).aggregateId(orderId).aggregateType("order").createdBy("user-123").build();
    }

    private NewEvent productEvent(String type, Map<String, Object> payload) {
        return NewEvent.builder().type(type).aggregateId(productId).aggregateType("product").createdBy("admin-123")
                .payload(payload).build();
    }

    private static Mono<Void> step(String title, Mono<Void> body) {
        return Mono.fromRunnable(() -> System.out.println(System.lineSeparator() + title)).then(body);
    }

    private static void say(String format, Object... args) {
        System.out.println("   " + String.format(format, args));
    }
}
