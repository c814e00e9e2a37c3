package io.github.beatbrackerz.eventstore.examples.readme;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.examples.customadapter.LocalLruEventCache;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.EventBatch;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamArchival;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamTombstone;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.TransactionalHandler;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionLag;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.lettuce.core.RedisURI;
import io.github.beatbrackerz.eventstore.spi.EventRepository;
import io.github.beatbrackerz.eventstore.spi.SequenceRepository;
import io.github.beatbrackerz.eventstore.spi.SnapshotRepository;
import io.github.beatbrackerz.eventstore.tck.EventStoreConformance;
import io.github.beatbrackerz.eventstore.tck.EventStoreFixture;
import io.github.beatbrackerz.eventstore.upcast.Upcaster;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Java snippets of README.md, compiled with the build. {@code ReadmeSnippetsTest} checks that
 * every {@code java} block of the README is one of the tagged regions below, verbatim.
 */
@SuppressWarnings("unused")
final class ReadmeSnippets {

    private EventStore eventStore = InMemoryEventStore.create();
    private final String userId = UUID.randomUUID().toString();
    private final String productId = UUID.randomUUID().toString();

    void correlation(String requestId, String commandId, Position checkpoint, RecordedEvent event) {
        // tag::correlation[]
        Mono<RecordedEvent> placed = eventStore.appendEvent(NewEvent.builder()
                .type("OrderPlaced").aggregateId("order-123").aggregateType("order").createdBy("web")
                .metadata(Map.of("ipAddress", "10.0.0.1"))
                .correlationId(requestId)     // metadata: {"ipAddress": "10.0.0.1", "correlationId": …, "causationId": …}
                .causationId(commandId)
                .build());

        // A follow-up: causation id = the cause's event id; correlation id = the cause's, or its event id when it has none
        Mono<RecordedEvent> reserved = placed.flatMap(order -> eventStore.appendEvent(NewEvent.builder()
                .type("StockReserved").aggregateId("sku-9").aggregateType("stock").createdBy("saga")
                .causedBy(order)
                .build()));

        Flux<RecordedEvent> conversation = eventStore.queryEvents(EventQuery.builder().correlationId(requestId).build());
        Flux<RecordedEvent> live = eventStore.subscribeFrom(checkpoint, EventFilter.correlationId(requestId));
        String correlationId = event.correlationId();   // read from the metadata, null when absent; causationId() too
        // end::correlation[]
    }

    void upcasting(ConnectionFactory connectionFactory) {
        record OrderCreated(double total, String currency) { }
        // tag::upcasting[]
        Upcasters upcasters = Upcasters.of(
                // version 1 {"amount": 12.5} -> version 2 {"total": 12.5}
                Upcaster.ofTree("OrderCreated", 1, tree -> {
                    ObjectNode order = (ObjectNode) tree;
                    order.set("total", order.remove("amount"));
                    return order;
                }),
                // version 2 -> version 3: a currency, which version 2 did not have
                Upcaster.ofTree("OrderCreated", 2, tree -> ((ObjectNode) tree).put("currency", "EUR")));

        EventStore eventStore = R2dbcEventStores.builder(connectionFactory).upcasters(upcasters).build();
        // the same on EventStore.builder() and InMemoryEventStore.builder(); with the starter, declare Upcaster beans

        eventStore.appendEvent(NewEvent.builder().type("OrderCreated").aggregateId("order-123").aggregateType("order")
                .createdBy("web").payload(new OrderCreated(12.5, "EUR")).version(3).build());   // write the current shape
        // end::upcasting[]
    }

    void connect() {
        // tag::connect[]
        R2dbcEventStoreBuilder builder = R2dbcEventStores.connect(
                "r2dbc:postgresql://postgres@localhost:5432/app?schema=es");
        Mono<Void> schemaReady = builder.initializeSchema(); // idempotent; subscribe once at startup
        EventStore eventStore = builder.build();              // no I/O until you subscribe
        // end::connect[]
    }

    void rebase(String url) {
        // tag::rebase-positions[]
        R2dbcEventStoreBuilder builder = R2dbcEventStores.connect(url);   // the schema as usual
        Long rebased = builder.rebasePositions().block();                 // how many events got a new position
        // end::rebase-positions[]
    }

    /** Sends mail for the durable-subscription snippet. */
    interface Mailer {
        Mono<Void> send(RecordedEvent event);
    }

    void durableStart(io.r2dbc.pool.ConnectionPool pool, Mailer mailer) {
        // tag::durable-start[]
        R2dbcEventStoreBuilder builder = R2dbcEventStores.builder(pool).schema("es");
        builder.initializeSchema().block();                    // creates the durable subscription tables too (V5)
        EventStore store = builder.build();
        R2dbcDurableSubscriptions durable = builder.durableSubscriptions(store);

        DurableSubscriptionSpec spec = DurableSubscriptionSpec.builder("order-mails")
                .filter(EventFilter.aggregateType("order").withTypes("OrderPlaced"))
                .start(StartPosition.beginning())              // only used the first time the name is seen
                .segments(4)                                   // up to 4 instances share the work
                .build();

        DurableSubscription mails = durable.start(spec, event -> mailer.send(event)).block();   // Mono<Void> handler

        // on shutdown (Spring: @PreDestroy, or a SmartLifecycle's stop), before closing the store:
        durable.close().block();                               // hands every segment over at once
        // end::durable-start[]
    }

    void durableTransactional(R2dbcDurableSubscriptions durable) {
        // tag::durable-transactional[]
        durable.startTransactional(
                DurableSubscriptionSpec.builder("order-summaries").filter(EventFilter.aggregateType("order")).build(),
                TransactionalHandler.perEvent((event, connection) -> Mono.from(connection
                        .createStatement("INSERT INTO es.order_summaries (customer_id, orders) VALUES ($1, 1)"
                                + " ON CONFLICT (customer_id) DO UPDATE SET orders = order_summaries.orders + 1")
                        .bind(0, event.payload().node().get("customerId").asString())
                        .execute()).flatMap(result -> Mono.from(result.getRowsUpdated())).then()))
                .block();
        // end::durable-transactional[]
    }

    void durableParked(R2dbcDurableSubscriptions durable, long parkedId, reactor.util.Logger log) {
        // tag::durable-parked[]
        durable.parked("order-mails").subscribe(p -> log.warn("parked {}: {}", p.eventId(), p.error()));
        durable.replayParked("order-mails", parkedId).block();   // hands it to the handler again (where the name runs)
        durable.skipParked("order-mails", parkedId).block();     // forgets it
        // end::durable-parked[]
    }

    void durableControl(R2dbcDurableSubscriptions durable, io.r2dbc.spi.Connection connection) {
        // tag::durable-control[]
        durable.pause("order-summaries").block();    // every instance stops fetching (this one at once, others within a renew interval)
        durable.resume("order-summaries").block();
        // rebuild a read model: pause, move every checkpoint to the beginning, clear, resume
        durable.reset("order-summaries", StartPosition.beginning(),
                Mono.from(connection.createStatement("TRUNCATE es.order_summaries").execute()).then()).block();
        // end::durable-control[]
    }

    void subscriptionLag(io.r2dbc.pool.ConnectionPool pool) {
        // tag::subscription-lag[]
        PostgresSubscriptions subscriptions = PostgresSubscriptions.create(
                pool, pool.unwrap(), "es", SubscriptionOptions.defaults()); // LISTEN on an unpooled connection
        EventStore eventStore = R2dbcEventStores.builder(pool).schema("es")
                .subscriptions(SubscriptionMode.engine(subscriptions)).build();

        Flux<SubscriptionLag> lag = Flux.interval(Duration.ofSeconds(10))
                .concatMap(tick -> subscriptions.lag()); // heldBackEvents, oldestTransactionAge, undeliveredEvents
        // end::subscription-lag[]
    }

    void withRedis() {
        // tag::with-redis[]
        RedisEventCache cache = RedisEventCaches.standalone("redis://your-redis-password@localhost:6379/0",
                RedisCacheOptions.builder()
                        .eventsTtl(Duration.ofHours(1))              // individual events
                        .snapshotsTtl(Duration.ofHours(2))           // snapshots
                        .sequencesTtl(Duration.ofMinutes(5))         // sequence counters
                        .aggregateEventsTtl(Duration.ofMinutes(30))  // aggregate event lists
                        .keyPrefix("myapp:es:")                      // namespace your keys
                        .build());

        EventStore eventStore = R2dbcEventStores.connect("r2dbc:postgresql://postgres@localhost:5432/app")
                .cache(cache)
                .build();
        // end::with-redis[]
    }

    void redisTopologies(RedisCacheOptions options) {
        // tag::redis-topologies[]
        RedisEventCache standalone = RedisEventCaches.standalone("redis://secret@localhost:6379/0", options);

        RedisEventCache cluster = RedisEventCaches.cluster(
                List.of(RedisURI.create("redis://node1:6379"), RedisURI.create("redis://node2:6379")), options);

        RedisEventCache sentinel = RedisEventCaches.sentinel(
                RedisURI.Builder.sentinel("sentinel1", 26379, "mymaster").withSentinel("sentinel2", 26379).build(),
                options);
        // end::redis-topologies[]
    }

    Mono<RecordedEvent> appendSingle() {
        // tag::append-single[]
        Mono<RecordedEvent> event = eventStore.appendEvent(NewEvent.builder()
                .type("OrderCreated")
                .aggregateId("123e4567-e89b-12d3-a456-426614174000")
                .aggregateType("order")
                .createdBy("user-123")
                .payload(Map.of(
                        "customerId", "customer-456",
                        "items", List.of(Map.of("productId", "product-789", "quantity", 2)),
                        "totalAmount", 99.99))
                .metadata(Map.of("ipAddress", "192.168.1.1", "userAgent", "Mozilla/5.0..."))
                .build());

        event.subscribe(e -> System.out.println("Event created: " + e));
        // end::append-single[]
        return event;
    }

    Mono<RecordedEvent> userRegistered() {
        // tag::append-user[]
        record UserRegistered(String email, String name) { }

        Mono<RecordedEvent> event = eventStore.appendEvent(NewEvent.builder()
                .type("UserRegistered")
                .aggregateId(userId)
                .aggregateType("user")
                .createdBy("system")
                .payload(new UserRegistered("user@example.com", "John Doe"))
                .build());
        // end::append-user[]
        return event;
    }

    Flux<RecordedEvent> appendBatch() {
        // tag::append-batch[]
        Flux<RecordedEvent> events = eventStore.appendEvents(List.of(
                NewEvent.builder().type("ProductCreated").aggregateId(productId).aggregateType("product")
                        .createdBy("admin-123").payload(Map.of("name", "Laptop", "price", 999.99)).build(),
                NewEvent.builder().type("InventoryUpdated").aggregateId(productId).aggregateType("product")
                        .createdBy("admin-123").payload(Map.of("quantity", 100)).build()));
        // end::append-batch[]
        return events;
    }

    Mono<RecordedEvent> expectedVersion(NewEvent orderShipped, long versionTheUserSaw) {
        // tag::expected-version[]
        Mono<RecordedEvent> shipped = eventStore
                .appendEvent(orderShipped, ExpectedVersion.exactly(versionTheUserSaw))
                .onErrorResume(ConcurrencyConflictException.class, conflict -> {
                    // Someone else appended first: conflict.expectedVersion() vs conflict.actualVersion().
                    // Reload the aggregate, decide again, and retry -- or report a 409 to the caller.
                    return Mono.error(conflict);
                });
        // end::expected-version[]
        return shipped;
    }

    Mono<RecordedEvent> idempotent(NewEvent paymentReceived) {
        // tag::idempotent[]
        NewEvent payment = paymentReceived.withEventId(UUID.fromString("0192e0a4-6c1e-7b3a-9f51-2a7c0e4d8b10"));
        Mono<RecordedEvent> once = eventStore.appendEvent(payment)
                .retryWhen(reactor.util.retry.Retry.backoff(3, Duration.ofMillis(100))); // safe: same event id
        // end::idempotent[]
        return once;
    }

    void reads() {
        // tag::aggregate-events[]
        Flux<RecordedEvent> events = eventStore.getAggregateEvents("order-123", "order");
        events.count().subscribe(n -> System.out.println("Found " + n + " events"));
        // end::aggregate-events[]

        // tag::query-events[]
        Flux<RecordedEvent> shipped = eventStore.queryEvents(EventQuery.builder()
                .aggregateType("order")
                .type("OrderShipped")
                .fromSequence(10L)
                .toSequence(50L)
                .limit(20)
                .order(SortOrder.DESC)
                .build());
        // end::query-events[]

        // tag::events-by-type[]
        Flux<RecordedEvent> recentOrders = eventStore.getEventsByType("OrderCreated", 10);
        // end::events-by-type[]
    }

    void typedPayload(RecordedEvent event) {
        // tag::typed-payload[]
        record OrderCreated(String customerId, double totalAmount) { }

        OrderCreated created = event.payloadAs(OrderCreated.class);   // Jackson 3 conversion
        String raw = event.payload().text();                         // or the JSON text as stored
        // end::typed-payload[]
    }

    void snapshots(Map<String, Object> currentState) {
        // tag::create-snapshot[]
        Mono<Snapshot> snapshot = eventStore.createSnapshot(
                NewSnapshot.of("order-123", "order", 42, currentState));
        // end::create-snapshot[]

        // tag::latest-snapshot[]
        eventStore.getLatestSnapshot("order-123", "order")
                .subscribe(s -> {
                    System.out.println("Restored state from sequence: " + s.sequenceNumber());
                    System.out.println("State: " + s.state());
                });
        // end::latest-snapshot[]

        // tag::prune-snapshots[]
        Mono<Long> deletedCount = eventStore.pruneSnapshots("order-123", "order", 3); // keep the 3 most recent
        // end::prune-snapshots[]
    }

    // tag::projection[]
    record OrderState(String id, String status, double totalAmount) {
        static final OrderState INITIAL = new OrderState("", "pending", 0);
    }

    static final Projection<OrderState> ORDER_PROJECTION = Projection.of(OrderState.class, OrderState.INITIAL,
            (state, event) -> switch (event.type()) {
                case "OrderCreated" -> new OrderState(event.aggregateId(), state.status(),
                        event.payload().node().path("totalAmount").asDouble());
                case "OrderConfirmed" -> new OrderState(state.id(), "confirmed", state.totalAmount());
                case "OrderShipped" -> new OrderState(state.id(), "shipped", state.totalAmount());
                default -> state;
            });
    // end::projection[]

    void replays() {
        // tag::replay[]
        Mono<OrderState> currentState = eventStore.replayEvents("order-123", "order", ORDER_PROJECTION);
        // end::replay[]

        // tag::state-at-sequence[]
        Mono<OrderState> pastState = eventStore.getStateAtSequence("order-123", "order", ORDER_PROJECTION, 25);
        // end::state-at-sequence[]

        // tag::rebuild[]
        Mono<OrderState> finalState = eventStore.rebuildWithSnapshots("order-123", "order", ORDER_PROJECTION, 50);
        // end::rebuild[]

        // tag::replay-stream[]
        Mono<Long> processed = eventStore.replayEventStream(
                EventQuery.builder().aggregateType("order").build(),
                (events, batchNumber) -> {
                    System.out.println("Processing batch " + batchNumber + ": " + events.size() + " events");
                    return updateReadModel(events);                 // a Mono<Void>; the next batch waits for it
                },
                100);
        // end::replay-stream[]

        // tag::replay-batches[]
        Flux<EventBatch> batches = eventStore.replayBatches(EventQuery.all(), 500);
        Mono<Void> projected = batches.concatMap(batch -> updateReadModel(batch.events())).then();
        // end::replay-batches[]
    }

    void subscriptions(Position savedPosition) {
        // tag::subscribe[]
        Disposable all = eventStore.subscribeToEvents()
                .subscribe(event -> System.out.println("New event: " + event.type() + " " + event.aggregateId()));

        Disposable orders = eventStore.subscribeToEvents(EventFilter.aggregateType("order").withTypes("OrderCreated"))
                .subscribe(event -> System.out.println("New order event: " + event));

        all.dispose();     // unsubscribe
        orders.dispose();
        // end::subscribe[]

        // tag::subscribe-signals[]
        Flux<String> lines = eventStore.subscribeToSignals(EventFilter.aggregateType("order"))
                .map(signal -> signal instanceof RecordedEvent event
                        ? event.type() + " " + event.aggregateId()
                        : "ready after " + ((SubscriptionSignal.Ready) signal).startsAfter());
        // end::subscribe-signals[]

        // tag::subscribe-from[]
        Flux<RecordedEvent> resumed = eventStore.subscribeFrom(savedPosition, EventFilter.all())
                .concatMap(event -> handle(event)
                        .then(saveCheckpoint(event.position().serialize()))   // store it anywhere as text
                        .thenReturn(event));
        // later: Position.parse(text) gives the position back
        // end::subscribe-from[]
    }

    void inspection() {
        // tag::stats[]
        Mono<AggregateStats> stats = eventStore.getAggregateStats("order-123", "order");
        stats.subscribe(s -> {
            System.out.println("Total events: " + s.totalEvents());
            System.out.println("First event: " + (s.firstEvent() == null ? null : s.firstEvent().type()));
            System.out.println("Last event: " + (s.lastEvent() == null ? null : s.lastEvent().type()));
            s.eventTypes().forEach((type, count) -> System.out.println(type + ": " + count + " events"));
        });
        // end::stats[]

        // tag::validate[]
        Mono<ValidationResult> validation = eventStore.validateEventStream("order-123", "order");
        validation.subscribe(v -> {
            if (!v.valid()) {
                System.err.println("Event stream has issues:");
                v.issues().forEach(issue -> System.err.println("-  " + issue.message()));
            } else {
                System.out.println("Event stream is valid");
            }
        });
        // end::validate[]
    }

    void cacheManagement() {
        // tag::cache-admin[]
        Mono<Void> warm = eventStore.warmupCache("order-123", "order");
        Mono<Void> clearOne = eventStore.clearAggregateCache("order-123", "order");
        Mono<Void> clearAll = eventStore.clearCache();   // only keys under this store's prefix
        Mono<CacheStats> cacheStats = eventStore.getCacheStats();
        cacheStats.subscribe(s -> System.out.println(
                "Cache enabled: " + s.enabled() + ", type: " + s.type() + ", keys: " + s.keys() + ", memory: " + s.memoryBytes()));
        // end::cache-admin[]

        // tag::cache-warmup-many[]
        List<StreamId> hot = List.of(StreamId.of("order-1", "order"), StreamId.of("order-2", "order"), StreamId.of("order-3", "order"));
        Mono<Void> warmed = eventStore.warmupCache(hot);   // 8 streams read at a time, 32 written per pipelined batch
        // end::cache-warmup-many[]
    }

    void streamLifecycle() {
        // tag::stream-lifecycle[]
        // Hard delete (erasure request): events and snapshots go, a tombstone event stays in their place
        Mono<StreamDeletion> deleted = eventStore.deleteStream("customer-42", "customer");
        deleted.subscribe(d -> System.out.println("removed " + d.eventsRemoved() + " events, "
                + d.snapshotsRemoved() + " snapshots; version is now " + d.tombstone().sequenceNumber()));

        // Subscribers and projections recognise the tombstone
        eventStore.subscribeToEvents(EventFilter.aggregateType("customer"))
                .filter(StreamTombstone::isTombstone)
                .subscribe(t -> System.out.println("forget " + t.aggregateId()));

        // Truncate before a snapshot: needs a snapshot at 99 or later; the stream then starts at 100
        Mono<StreamTruncation> truncated = eventStore.truncateStreamBefore("order-123", "order", 100);

        // Archive a closed stream out of the hot table, and read it back on request
        Mono<StreamArchival> archived = eventStore.archiveStream("order-7", "order");
        Flux<RecordedEvent> history = eventStore.readArchivedEvents("order-7", "order");
        // end::stream-lifecycle[]
    }

    void errors(NewEvent event) {
        // tag::errors[]
        eventStore.appendEvent(event)
                .doOnError(EventStoreException.class, error -> {
                    System.err.println("Event store error: " + error.getMessage());
                    System.err.println("Caused by: " + error.getCause());
                    System.err.println("Worth retrying: " + error.isRetryable());
                })
                .subscribe();
        // end::errors[]
    }

    void customAdapters(EventRepository myEventRepository, SequenceRepository mySequenceRepository,
                        SnapshotRepository mySnapshotRepository) {
        // tag::custom-adapters[]
        EventStore customEventStore = EventStore.builder()
                .eventRepository(myEventRepository)         // e.g. your MongoDB adapter
                .sequenceRepository(mySequenceRepository)
                .snapshotRepository(mySnapshotRepository)
                .cache(new LocalLruEventCache(10_000))      // the example adapter in examples/quickstart
                .build();
        // end::custom-adapters[]
    }

    void testing() {
        // tag::testing[]
        EventStore store = InMemoryEventStore.create();

        store.appendEvent(NewEvent.builder()
                        .type("TestEvent").aggregateId("test-123").aggregateType("test").createdBy("tester").build())
                .as(StepVerifier::create)
                .expectNextMatches(event -> event.type().equals("TestEvent") && event.sequenceNumber() == 1)
                .verifyComplete();
        // end::testing[]
    }

    // tag::tck[]
    class LocalLruEventCacheConformanceTest extends EventStoreConformance {
        @Override
        protected EventStoreFixture fixture() {
            return () -> InMemoryEventStore.builder().cache(new LocalLruEventCache(10_000)).build();
        }
    }
    // end::tck[]

    private Mono<Void> updateReadModel(List<RecordedEvent> events) {
        return Mono.empty();
    }

    private Mono<Void> handle(RecordedEvent event) {
        return Mono.empty();
    }

    private Mono<Void> saveCheckpoint(String position) {
        return Mono.empty();
    }
}
