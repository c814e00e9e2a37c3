package io.github.beatbrackerz.eventstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.reliability.Admin.StoredEvent;
import io.github.beatbrackerz.eventstore.redis.test.RedisProcess;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The soak: two store instances over one PostgreSQL schema and one private Redis run a mixed
 * workload while a seeded schedule injects faults; then the invariants are checked and printed.
 * Length and seed: {@link SoakSettings} ({@code -Dsoak.duration=PT30M -Dsoak.seed=42}).
 */
class SoakIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(4);
    private static final int WORKERS_PER_NODE = 3;

    @Test
    void nothingIsLostDuplicatedOrReorderedUnderFaults() throws InterruptedException {
        SoakSettings settings = SoakSettings.fromEnvironment();
        FaultPlan plan = FaultPlan.draw(settings.seed(), settings.duration());
        printPlan(settings, plan);

        String runId = UUID.randomUUID().toString().substring(0, 6);
        ConnectionPool adminPool = PrivatePool.create(DB.server(), PrivatePool.uniqueName("es-soak-admin"), 4, null);
        Admin admin = new Admin(adminPool, DB.schema());
        Findings findings = new Findings();
        Ledger ledger = new Ledger();
        StreamPool streams = new StreamPool(24, 150);
        Appends appends = new Appends(ledger, findings, admin);
        String prefix = RedisTestServer.uniquePrefix(SoakIntegrationTest.class);
        try (RedisProcess redis = RedisProcess.launch();
                SoakNode a = new SoakNode("a", runId, DB.server(), DB.schema(), redis.uri(), prefix, null);
                SoakNode b = new SoakNode("b", runId, DB.server(), DB.schema(), redis.uri(), prefix, STATEMENT_TIMEOUT)) {
            List<SoakNode> nodes = List.of(a, b);
            List<SoakSubscriber> subscribers = new CopyOnWriteArrayList<>(List.of(
                    new SoakSubscriber("catch-up all @a", a.store(), EventFilter.all(), false, Position.BEGINNING, findings),
                    new SoakSubscriber("catch-up all @b", b.store(), EventFilter.all(), false, Position.BEGINNING, findings),
                    new SoakSubscriber("live all @a", a.store(), EventFilter.all(), true, Position.BEGINNING, findings),
                    new SoakSubscriber("live order @b", b.store(), EventFilter.aggregateType("order"), true, Position.BEGINNING, findings)));
            subscribers.forEach(SoakSubscriber::start);
            SoakDurable durable = new SoakDurable(nodes, admin, findings);
            durable.createReadModel();
            durable.appendPoison(appends, a);

            long start = System.nanoTime();
            long deadline = start + settings.duration().toNanos();
            List<Thread> threads = new ArrayList<>();
            for (SoakNode node : nodes) {
                for (int w = 0; w < WORKERS_PER_NODE; w++) {
                    String name = node.name() + w;
                    threads.add(new Thread(new Workload(name, node.store(), settings.seed() + threads.size(), streams, ledger, appends,
                            findings, deadline), "soak-worker-" + name));
                }
            }
            Thread faults = new Thread(new FaultInjector(plan, nodes, b, STATEMENT_TIMEOUT, subscribers, durable, redis, admin, appends, streams,
                    ledger, findings, start, settings.seed()), "soak-faults");
            threads.forEach(Thread::start);
            faults.start();
            // the durable instances join a running system (and their start's time is part of the run's)
            durable.start();

            Thread.sleep(settings.duration().toMillis() / 3);
            Position midRun = lastPosition(admin);
            SoakSubscriber late = new SoakSubscriber("catch-up cart from mid-run @a", a.store(), EventFilter.aggregateType("cart"), false,
                    midRun, findings);
            subscribers.add(late);
            late.start();
            durable.appendPoison(appends, b);

            Duration joinBound = settings.duration().plusMinutes(5);
            for (Thread thread : threads) {
                thread.join(joinBound.toMillis());
                assertThat(thread.isAlive()).as("worker %s finished", thread.getName()).isFalse();
            }
            faults.join(joinBound.toMillis());
            assertThat(faults.isAlive()).as("fault injector finished").isFalse();
            long workloadEnd = System.nanoTime();

            List<StoredEvent> stored = admin.allEvents();
            Collection<Ledger.Ack> acked = ledger.allAcked();
            awaitDelivery(subscribers, stored, acked, admin);
            Map<String, String> results = new LinkedHashMap<>();
            Map<String, String> durableResults = new LinkedHashMap<>();
            DurableCheck durableCheck = DurableCheck.verify(durable, stored, acked, admin, findings, durableResults);
            long drained = System.nanoTime();
            subscribers.forEach(SoakSubscriber::stop);
            durable.close();

            checkStorage(admin, a, stored, ledger, findings, results);
            List<SubscriberCheck> checks = new ArrayList<>();
            for (SoakSubscriber subscriber : subscribers) {
                SubscriberCheck check = SubscriberCheck.of(subscriber, stored, acked);
                checks.add(check);
                if (!check.ok()) {
                    findings.violation("subscribers exactly once in order", check.toString());
                }
            }
            results.put("subscribers exactly once in order", checks.size() + " subscribers, "
                    + checks.stream().mapToInt(SubscriberCheck::received).sum() + " deliveries in Position and per-aggregate sequence order");
            long inversions = admin.positionOrderInversions();
            if (inversions > 0) {
                findings.violation("stored position order follows sequence order", inversions + " stored events whose Position order breaks sequence order");
            }
            results.put("stored position order follows sequence order", "every stream, in SQL");
            results.putAll(durableResults);
            nodes.forEach(SoakNode::closeStore);
            checkPools(nodes, findings, results);
            results.put("no stale read", findings.counters.snapshot("reads.").values().stream().mapToLong(Long::longValue).sum() + " reads");
            results.put("reads ordered and gap-free", results.get("no stale read"));
            results.put("replays complete", findings.counters.snapshot("replays.").values().stream().mapToLong(Long::longValue).sum() + " replays");
            results.put("typed errors", findings.counters.snapshot("errors.").values().stream().mapToLong(Long::longValue).sum() + " errors");
            results.put("no call hung", "every call bounded by " + Appends.CALL_BOUND.toSeconds() + " s");
            results.put("soak harness ran to the end", threads.size() + " workers, " + plan.faults().size() + " faults");

            printReport(settings, findings, results, checks, durableCheck, workloadEnd - start, drained - workloadEnd);
            adminPool.dispose();
            assertThat(findings.allViolations()).as("invariant violations").isEmpty();
            assertThat(findings.counters.get("appends.events acknowledged")).as("events acknowledged").isPositive();
            assertThat(findings.counters.get("faults.pool backends terminated")).as("pool backends terminated").isPositive();
        }
    }

    private static void checkStorage(Admin admin, SoakNode node, List<StoredEvent> stored, Ledger ledger, Findings findings,
            Map<String, String> results) {
        Map<UUID, StoredEvent> byId = new HashMap<>();
        for (StoredEvent event : stored) {
            if (byId.put(event.id(), event) != null) {
                findings.violation("acknowledged appends stored", "event " + event.id() + " stored twice");
            }
        }
        for (Ledger.Ack ack : ledger.allAcked()) {
            StoredEvent event = byId.get(ack.id());
            if (event == null || event.sequence() != ack.sequence() || !event.streamKey().equals(ack.stream().toString())) {
                findings.violation("acknowledged appends stored", "acknowledged " + ack + " is stored as " + event);
            }
        }
        ledger.duplicateAcks().forEach(d -> findings.violation("acknowledged appends stored", d));
        results.put("acknowledged appends stored", ledger.allAcked().size() + " acknowledged events of " + stored.size() + " stored");

        int batches = 0;
        for (List<UUID> batch : ledger.failedBatches()) {
            long present = batch.stream().filter(byId::containsKey).count();
            batches++;
            if (present != 0 && present != batch.size()) {
                findings.violation("no partial write", "failed batch " + batch + " has " + present + " of " + batch.size() + " stored");
            }
        }
        results.put("no partial write", findings.counters.snapshot("errors.append.").values().stream().mapToLong(Long::longValue).sum()
                + " failed attempts checked at once, " + batches + " finally failed batches at the end");

        List<String> broken = admin.nonContiguousStreams();
        broken.forEach(s -> findings.violation("sequences contiguous", "SQL: " + s));
        long orphans = admin.orphanCounters();
        if (orphans != 0) {
            findings.violation("sequences contiguous", orphans + " counter rows ahead of their events");
        }
        Map<String, StreamId> streams = new LinkedHashMap<>();
        stored.forEach(e -> streams.putIfAbsent(e.streamKey(), StreamId.of(e.aggregateId(), e.aggregateType())));
        for (StreamId stream : streams.values()) {
            ValidationResult result = node.store().validateEventStream(stream.aggregateId(), stream.aggregateType()).block(Admin.BOUND);
            if (result == null || !result.valid()) {
                findings.violation("sequences contiguous", "validateEventStream(" + stream + "): " + result);
            }
        }
        results.put("sequences contiguous", streams.size() + " streams (validateEventStream and SQL)");
    }

    private static void checkPools(List<SoakNode> nodes, Findings findings, Map<String, String> results) {
        try {
            Awaitility.await("connections released").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> nodes.stream().allMatch(n -> n.acquired() == 0));
        } catch (ConditionTimeoutException e) {
            nodes.forEach(n -> {
                if (n.acquired() != 0) {
                    findings.violation("no connection left acquired", n.name() + " holds " + n.acquired());
                }
            });
        }
        results.put("no connection left acquired", nodes.size() + " store pools");
    }

    private static void awaitDelivery(List<SoakSubscriber> subscribers, List<StoredEvent> stored, Collection<Ledger.Ack> acked, Admin admin) {
        try {
            Awaitility.await("subscribers caught up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> subscribers.stream().allMatch(s -> SubscriberCheck.complete(s, stored, acked)));
        } catch (ConditionTimeoutException e) {
            System.out.println("[soak] subscribers did not catch up within 3 minutes; the check below lists what is missing");
            // delivery waits for every older transaction of the whole cluster: show what is open
            System.out.println("[soak]   watermark pg_snapshot_xmin = " + admin.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text",
                    List.of(), row -> row.get(0, String.class)).blockFirst(Admin.BOUND));
            admin.query("SELECT coalesce(application_name, '') || ' db=' || coalesce(datname, '') || ' state=' || coalesce(state, '')"
                            + " || ' xact_age=' || (now() - xact_start)::text || ' xid=' || coalesce(backend_xid::text, '-')"
                            + " || ' xmin=' || coalesce(backend_xmin::text, '-') FROM pg_stat_activity"
                            + " WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() ORDER BY xact_start LIMIT 5",
                    List.of(), row -> row.get(0, String.class)).toStream().forEach(line -> System.out.println("[soak]   open transaction: " + line));
        }
    }

    private static Position lastPosition(Admin admin) {
        List<StoredEvent> all = admin.allEvents();
        return all.isEmpty() ? Position.BEGINNING : all.get(all.size() - 1).position();
    }

    private static void printPlan(SoakSettings settings, FaultPlan plan) {
        System.out.println("[soak] seed=" + settings.seed() + " duration=" + settings.duration() + " (repeat with -Dsoak.seed="
                + settings.seed() + " -Dsoak.duration=" + settings.duration() + ")");
        System.out.println("[soak] fault schedule: " + plan.faults().size() + " faults " + plan.countByKind());
        List<FaultPlan.Fault> faults = plan.faults();
        int shown = Math.min(faults.size(), 60);
        for (int i = 0; i < shown; i++) {
            System.out.println("[soak]   " + faults.get(i));
        }
        if (shown < faults.size()) {
            System.out.println("[soak]   ... " + (faults.size() - shown) + " more");
        }
    }

    private static void printReport(SoakSettings settings, Findings findings, Map<String, String> results, List<SubscriberCheck> checks,
            DurableCheck durableCheck, long workloadNanos, long drainNanos) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%n[soak] ===== result: seed=%d duration=%s workload %.0f s, delivery drained in %.1f s =====%n",
                settings.seed(), settings.duration(), workloadNanos / 1e9, drainNanos / 1e9));
        out.append("[soak] operations and faults:\n");
        findings.counters.snapshot("").forEach((k, v) -> {
            if (!k.startsWith("violation.")) {
                out.append(String.format("[soak]   %-60s %d%n", k, v));
            }
        });
        out.append("[soak] invariants:\n");
        results.forEach((invariant, checked) -> out.append(String.format("[soak]   %-36s %-8s %s, violations %d%n", invariant,
                findings.violations(invariant) == 0 ? "OK" : "FAILED", checked, findings.violations(invariant))));
        for (SubscriberCheck check : checks) {
            out.append("[soak]   subscriber ").append(check).append('\n');
        }
        out.append("[soak]   durable ").append(durableCheck).append('\n');
        findings.allViolations().forEach((invariant, examples) -> examples.forEach(
                example -> out.append("[soak]   VIOLATION ").append(invariant).append(": ").append(example).append('\n')));
        System.out.print(out);
    }
}
