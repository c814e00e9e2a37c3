package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.Segments;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.TransactionalHandler;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The durable subscriptions of the soak: every store node runs the same two names over its own
 * pool (whose backends the faults kill) and its own feed (whose listener they kill), so the
 * segments are shared between the nodes and move between them under faults.
 * <ul>
 *   <li>{@value #AT_LEAST_ONCE} ({@link #AT_LEAST_ONCE_SEGMENTS} segments, per-event handler):
 *       records every call in a delivery log; it fails on every event of type {@value #POISON_TYPE},
 *       which must be parked while the rest flows;</li>
 *   <li>{@value #TRANSACTIONAL} ({@link #TRANSACTIONAL_SEGMENTS} segments, {@code startTransactional}):
 *       keeps a read model (events and last sequence per stream, and how often an event did not
 *       follow the stream's last one) in the handler's transaction.</li>
 * </ul>
 * {@link #crashAndRestart} ends a node's instance as a crash would and starts a new one.
 */
final class SoakDurable {

    static final String AT_LEAST_ONCE = "soak-at-least-once";
    static final String TRANSACTIONAL = "soak-read-model";
    static final int AT_LEAST_ONCE_SEGMENTS = 4;
    static final int TRANSACTIONAL_SEGMENTS = 2;
    static final String POISON_TYPE = "DurablePoison";
    static final String READ_MODEL_TABLE = "soak_read_model";
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RENEW = Duration.ofMillis(750);

    /** One call of the at-least-once handler, in the order of the calls (all nodes). */
    record Delivery(UUID id, StreamId stream, long sequence, Position position, int segment, String instance) {
    }

    /** The instance of one node: the durable subscriptions object and the two running subscriptions. */
    private record Instance(String tag, R2dbcDurableSubscriptions durable, DurableSubscription atLeastOnce, DurableSubscription transactional) {
    }

    private final List<SoakNode> nodes;
    private final Admin admin;
    private final Findings findings;
    private final String readModel;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<UUID> poison = new CopyOnWriteArrayList<>();
    private final Instance[] instances;
    private final List<R2dbcDurableSubscriptions> created = new CopyOnWriteArrayList<>();
    private final int[] generations;
    private final CountDownLatch started = new CountDownLatch(1);

    SoakDurable(List<SoakNode> nodes, Admin admin, Findings findings) {
        this.nodes = List.copyOf(nodes);
        this.admin = admin;
        this.findings = findings;
        this.readModel = admin.schema() + "." + READ_MODEL_TABLE;
        this.instances = new Instance[nodes.size()];
        this.generations = new int[nodes.size()];
    }

    static DurableSubscriptionSpec atLeastOnceSpec() {
        return DurableSubscriptionSpec.builder(AT_LEAST_ONCE).segments(AT_LEAST_ONCE_SEGMENTS).leaseTime(LEASE).renewInterval(RENEW)
                .retry(3, Duration.ofMillis(20), Duration.ofMillis(100))
                .checkpointEvery(50, Duration.ofMillis(500))
                .build();
    }

    static DurableSubscriptionSpec transactionalSpec() {
        return DurableSubscriptionSpec.builder(TRANSACTIONAL).segments(TRANSACTIONAL_SEGMENTS).leaseTime(LEASE).renewInterval(RENEW)
                .retry(3, Duration.ofMillis(20), Duration.ofMillis(100))
                .build();
    }

    /** Creates the read model's table. */
    void createReadModel() {
        admin.query("CREATE TABLE " + readModel + " (stream text PRIMARY KEY, events bigint NOT NULL, last_sequence bigint NOT NULL,"
                + " out_of_order bigint NOT NULL)", List.of(), row -> 0).then().block(Admin.BOUND);
    }

    /** Starts both names on every node (retrying what the faults fail). */
    void start() {
        long start = System.nanoTime();
        try {
            for (int i = 0; i < nodes.size(); i++) {
                startOn(i);
            }
        } finally {
            started.countDown();
        }
        System.out.printf("[soak] durable instances started in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** Appends one event the at-least-once handler always fails on, to a stream of its own, and remembers it. */
    void appendPoison(Appends appends, SoakNode node) {
        NewEvent event = NewEvent.builder().eventId(UUID.randomUUID()).stream(StreamId.of("poison-" + poison.size(), "durable-poison"))
                .type(POISON_TYPE).createdBy("soak").payload(Map.of("poison", true)).build();
        poison.add(event.eventId());
        if (appends.append(node.store(), "durable poison", List.of(event), ExpectedVersion.any()).isEmpty()) {
            findings.violation("soak harness ran to the end", "the poison event " + event.eventId() + " was not appended");
        }
    }

    /** Ends a node's instance as a crash would (no hand-over), waits, and starts a new instance there. */
    void crashAndRestart(int target, Duration pause) {
        int index = target % nodes.size();
        awaitStarted();
        Instance instance;
        synchronized (this) {
            instance = instances[index];
            instances[index] = null;
        }
        if (instance != null) {
            instance.atLeastOnce().dispose();
            instance.transactional().dispose();
        }
        findings.counters.inc("faults.durable instance crashed and restarted");
        sleep(pause);
        startOn(index);
    }

    /** Stops every instance gracefully and at the same time (before the stores close), and says how long it took. */
    void close() {
        long start = System.nanoTime();
        Flux.fromIterable(created).flatMap(R2dbcDurableSubscriptions::close).then().block(Admin.BOUND);
        System.out.printf("[soak] durable instances stopped gracefully in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    List<UUID> poisonIds() {
        return List.copyOf(poison);
    }

    String readModelTable() {
        return readModel;
    }

    /** @return the owner ids of the running instances of a name */
    synchronized List<String> owners(String name) {
        List<String> owners = new ArrayList<>();
        for (Instance instance : instances) {
            if (instance != null) {
                owners.add((name.equals(AT_LEAST_ONCE) ? instance.atLeastOnce() : instance.transactional()).owner());
            }
        }
        return owners;
    }

    /** @return the segments each running instance holds right now, by instance tag */
    synchronized Map<String, Set<Integer>> heldSegments(String name) {
        Map<String, Set<Integer>> held = new TreeMap<>();
        for (Instance instance : instances) {
            if (instance != null) {
                held.put(instance.tag(), (name.equals(AT_LEAST_ONCE) ? instance.atLeastOnce() : instance.transactional()).segments());
            }
        }
        return held;
    }

    /** @return an instance that runs both names, for status and parked queries (lag needs the filter) */
    synchronized R2dbcDurableSubscriptions anyRunning() {
        for (Instance instance : instances) {
            if (instance != null) {
                return instance.durable();
            }
        }
        throw new IllegalStateException("no durable instance runs");
    }

    private void startOn(int index) {
        SoakNode node = nodes.get(index);
        int generation;
        synchronized (this) {
            generation = ++generations[index];
        }
        String tag = node.name() + "#" + generation;
        R2dbcDurableSubscriptions durable = R2dbcDurableSubscriptions.create(node.store(), node.pool(), admin.schema(), "soak-" + node.name());
        created.add(durable);
        // registration and joining are storage calls like any other: the faults may fail them, so retry
        Retry retry = Retry.backoff(20, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(2))
                .doBeforeRetry(signal -> findings.counters.inc("durable.start retried after a storage failure"));
        DurableSubscription atLeastOnce = Objects.requireNonNull(durable.start(atLeastOnceSpec(), event -> handle(tag, event))
                .retryWhen(retry).block(Admin.BOUND));
        DurableSubscription transactional = Objects.requireNonNull(durable.startTransactional(transactionalSpec(),
                TransactionalHandler.perEvent(this::apply)).retryWhen(retry).block(Admin.BOUND));
        synchronized (this) {
            instances[index] = new Instance(tag, durable, atLeastOnce, transactional);
        }
    }

    private Mono<Void> handle(String instance, RecordedEvent event) {
        if (POISON_TYPE.equals(event.type())) {
            findings.counters.inc("durable.poison handler calls (all fail)");
            return Mono.error(new IllegalStateException("poison event " + event.id() + " fails by design"));
        }
        Delivery delivery = new Delivery(event.id(), event.stream(), event.sequenceNumber(), event.position(),
                Segments.of(event.stream(), AT_LEAST_ONCE_SEGMENTS), instance);
        synchronized (this) {
            deliveries.add(delivery);
        }
        return Mono.empty();
    }

    private Mono<Void> apply(RecordedEvent event, Connection connection) {
        String upsert = "INSERT INTO " + readModel + " AS m (stream, events, last_sequence, out_of_order)"
                + " VALUES ($1, 1, $2, CASE WHEN $2 = 1 THEN 0 ELSE 1 END)"
                + " ON CONFLICT (stream) DO UPDATE SET events = m.events + 1, last_sequence = EXCLUDED.last_sequence,"
                + " out_of_order = m.out_of_order + CASE WHEN EXCLUDED.last_sequence = m.last_sequence + 1 THEN 0 ELSE 1 END";
        return Flux.from(connection.createStatement(upsert).bind(0, event.stream().toString()).bind(1, event.sequenceNumber()).execute())
                .concatMap(result -> result.getRowsUpdated())
                .then();
    }

    /** A crash waits for the first start to finish, so that no node ever runs two instances. */
    private void awaitStarted() {
        try {
            if (!started.await(Admin.BOUND.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the durable instances did not start within " + Admin.BOUND);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
