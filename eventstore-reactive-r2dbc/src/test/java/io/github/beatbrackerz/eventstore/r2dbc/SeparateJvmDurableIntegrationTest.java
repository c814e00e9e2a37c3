package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Competing instances in separate JVMs ({@link DurableWorkerMain}, one process each) run the same
 * transactional durable subscription of 6 segments. One is killed with {@code SIGKILL} while a
 * batch is in flight and another JVM starts: no event is lost, no effect is applied twice, per-stream
 * order holds, and no two transactions of one segment are ever open at once (each batch takes a
 * transaction-level advisory lock of its segment with {@code pg_try_advisory_xact_lock}; a failure
 * is recorded outside the transaction). A worker frozen with {@code SIGSTOP} mid-batch is fenced
 * off when it wakes up. Takeover times are measured and printed. The workers' output is in
 * {@code target/durable-workers/}.
 */
class SeparateJvmDurableIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final String NAME = "separate-jvms";
    private static final int SEGMENTS = 6;
    private static final int STREAMS = 24;
    private static final int PER_STREAM = 20;
    private static final Duration JVM_TIMEOUT = Duration.ofSeconds(90);
    /** How long each batch sleeps in its transaction: time enough to signal a worker while a batch is in flight. */
    private static final String QUICK_BATCH = "0.05";
    private static final String SLOW_BATCH = "0.5";

    @RegisterExtension
    final WorkerProcesses workers = new WorkerProcesses();

    @RegisterExtension
    final DurableNodes nodes = new DurableNodes(DB);

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aWorkerJvmKilledMidBatchLosesNothingAndAppliesNothingTwice() throws InterruptedException {
        String schema = workerSchema();
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableNode observer = nodes.start(schema, "observer");

        Process doomed = startWorker(schema, "w1", QUICK_BATCH);
        startWorker(schema, "w2", QUICK_BATCH);
        awaitHeldBy(observer, List.of("w1", "w2"));
        // written until the kill, so that the doomed worker still has batches in flight however fast it is
        AtomicBoolean killedYet = new AtomicBoolean();
        CompletableFuture<List<RecordedEvent>> written = CompletableFuture.supplyAsync(
                () -> DurableWorkload.writeUntil(writer, "p-", STREAMS, PER_STREAM / 2, killedYet::get, 4));
        await().atMost(JVM_TIMEOUT).until(() -> count(schema, "worker_handled", "worker = 'w1'") >= 20);
        awaitSleepingInBatch(application("w1"));

        long killed = System.nanoTime();
        workers.kill(doomed);
        killedYet.set(true);
        startWorker(schema, "w3", QUICK_BATCH);
        awaitHeldBy(observer, List.of("w2"), List.of("w3"));
        long takeover = (System.nanoTime() - killed) / 1_000_000;
        List<RecordedEvent> events = new ArrayList<>(Objects.requireNonNull(written.join()));
        awaitHeldBy(observer, List.of("w2", "w3"));
        long rebalanced = (System.nanoTime() - killed) / 1_000_000;
        events.addAll(DurableWorkload.write(writer, "p-", STREAMS, PER_STREAM / 2, 4));

        await().atMost(JVM_TIMEOUT).until(() -> count(schema, "worker_handled", "true") >= events.size());
        System.out.printf("separate JVMs: after SIGKILL of a worker mid-batch, its segments were held by the other worker(s) %d ms"
                        + " later, shared between both survivors (w3 started after the kill) %d ms later (lease time %d ms, renew"
                        + " interval %d ms); batches per worker %s%n", takeover, rebalanced, DurableWorkload.LEASE.toMillis(),
                DurableWorkload.RENEW.toMillis(), batchesPerWorker(schema));

        assertAppliedExactlyOnceInOrder(schema, events);
        assertThat(column("SELECT DISTINCT worker FROM " + schema + ".worker_handled")).as("every worker applied events")
                .containsExactlyInAnyOrder("w1", "w2", "w3");
        assertThat(count(schema, "worker_batches", "true")).as("committed batches, each checked for overlap").isPositive();
        assertThat(column("SELECT segment || ' ' || worker || ' ' || seen_at FROM " + schema + ".worker_overlaps"))
                .as("transactions of one segment open at the same time").isEmpty();
        writer.close().block(DurableNode.TIMEOUT);
    }

    /**
     * A worker frozen ({@code SIGSTOP}) with a batch's transaction open, longer than the lease time,
     * as in a long GC pause: the other worker takes its segments over and carries on while that
     * transaction is still open, and when the frozen worker wakes up its checkpoints are refused by
     * the fencing token, so its batches roll back: still no effect twice and none lost. Overlapping
     * transactions of one segment occur here, and only in the frozen worker's segments.
     */
    @Test
    void aFrozenWorkerJvmIsFencedOffWhenItWakesUp() throws InterruptedException {
        String schema = workerSchema();
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableNode observer = nodes.start(schema, "observer");

        Process frozen = startWorker(schema, "w1", SLOW_BATCH);
        startWorker(schema, "w2", SLOW_BATCH);
        awaitHeldBy(observer, List.of("w1", "w2"));
        AtomicBoolean overlapsSeen = new AtomicBoolean();
        CompletableFuture<List<RecordedEvent>> written = CompletableFuture.supplyAsync(
                () -> DurableWorkload.writeUntil(writer, "z-", STREAMS, PER_STREAM / 2, overlapsSeen::get, 4));
        await().atMost(JVM_TIMEOUT).until(() -> count(schema, "worker_handled", "worker = 'w1'") >= 20);

        long froze = freezeInTheHandler(frozen, schema);
        // the segments whose transactions the frozen worker holds open: their advisory locks (key: schema, segment)
        List<String> frozenSegments = column("SELECT l.objid::text FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE a.application_name = '" + application("w1") + "' AND l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted");
        assertThat(frozenSegments).as("frozen with a batch in flight").isNotEmpty();
        List<String> heldByFrozen = Objects.requireNonNull(observer.durable.status(NAME).collectList().block(DurableNode.TIMEOUT)).stream()
                .filter(segment -> segment.leaseHeld() && String.valueOf(segment.owner()).startsWith("w1-"))
                .map(segment -> String.valueOf(segment.segment())).toList();
        awaitHeldBy(observer, List.of("w2"));
        long takeover = (System.nanoTime() - froze) / 1_000_000;
        String overlapped = "worker = 'w2' AND segment IN (" + String.join(",", frozenSegments) + ")";
        await().atMost(JVM_TIMEOUT).until(() -> count(schema, "worker_overlaps", overlapped) > 0
                && count(schema, "worker_batches", overlapped) > 0);
        overlapsSeen.set(true);
        workers.thaw(frozen);
        List<RecordedEvent> events = new ArrayList<>(Objects.requireNonNull(written.join()));
        awaitHeldBy(observer, List.of("w1", "w2"));
        long rejoined = (System.nanoTime() - froze) / 1_000_000;
        events.addAll(DurableWorkload.write(writer, "z-", STREAMS, PER_STREAM / 2, 4));

        await().atMost(JVM_TIMEOUT).until(() -> count(schema, "worker_handled", "true") >= events.size());
        System.out.printf("separate JVMs: a worker frozen mid-batch (segments %s held, %s in flight) lost them to the other worker"
                        + " %d ms after SIGSTOP; after SIGCONT it got its share back %d ms after SIGSTOP; overlapping batches: %d of"
                        + " the new owner while the frozen transaction was open, %d of the woken worker before it noticed its lease"
                        + " had expired; batches per worker %s%n", heldByFrozen, frozenSegments, takeover, rejoined,
                count(schema, "worker_overlaps", "worker = 'w2'"), count(schema, "worker_overlaps", "worker = 'w1'"),
                batchesPerWorker(schema));

        assertAppliedExactlyOnceInOrder(schema, events);
        // Overlaps happen only around the pause: the new owner meets the frozen transaction, and the woken worker may start
        // a batch before its lease-expiry timer fires (the runner has no synchronous deadline check); fencing rolls those back.
        assertThat(column("SELECT DISTINCT segment::text FROM " + schema + ".worker_overlaps"))
                .as("overlaps only in the segments the frozen worker held").isSubsetOf(heldByFrozen);
        writer.close().block(DurableNode.TIMEOUT);
    }

    /**
     * Freezes the worker while a batch sleeps in its handler. A worker frozen between its checkpoint
     * statement and the commit holds the segment's row lock, and nobody can take that segment over
     * until it wakes (by design: see {@code Checkpoints.checkpoint(Connection, ...)}); then it is
     * woken and frozen again at the next batch.
     *
     * @return when it was frozen, as {@link System#nanoTime()}
     */
    private long freezeInTheHandler(Process worker, String schema) throws InterruptedException {
        String rowsHeld = "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.application_name = '"
                + application("w1") + "' AND l.locktype = 'relation' AND l.relation = '" + schema + ".subscription_segments'::regclass";
        for (int attempt = 1; attempt <= 20; attempt++) {
            awaitSleepingInBatch(application("w1"));
            long froze = System.nanoTime();
            workers.freeze(worker);
            if (Objects.requireNonNull(DB.column(rowsHeld, Long.class).blockFirst(DurableNode.TIMEOUT)) == 0) {
                return froze;
            }
            System.out.printf("frozen holding a segment row (attempt %d): waking it to freeze it again%n", attempt);
            workers.thaw(worker);
        }
        throw new AssertionError("the worker was frozen holding a segment row 20 times in a row");
    }

    private String workerSchema() {
        String schema = DB.newSchema(true);
        DB.execute("CREATE TABLE " + schema + ".worker_handled (n bigserial PRIMARY KEY, event_id uuid NOT NULL, stream text NOT NULL,"
                + " seq bigint NOT NULL, segment int NOT NULL, worker text NOT NULL, handled_at timestamptz NOT NULL DEFAULT clock_timestamp());"
                + " CREATE TABLE " + schema + ".worker_batches (n bigserial PRIMARY KEY, segment int NOT NULL, worker text NOT NULL,"
                + " events int NOT NULL, committed_by timestamptz NOT NULL DEFAULT clock_timestamp());"
                + " CREATE TABLE " + schema + ".worker_overlaps (n bigserial PRIMARY KEY, segment int NOT NULL, worker text NOT NULL,"
                + " seen_at timestamptz NOT NULL DEFAULT clock_timestamp())").block(DurableNode.TIMEOUT);
        return schema;
    }

    private static void assertAppliedExactlyOnceInOrder(String schema, List<RecordedEvent> events) {
        assertThat(count(schema, "worker_handled", "true")).as("effects applied").isEqualTo(events.size());
        assertThat(column("SELECT event_id::text FROM " + schema + ".worker_handled")).as("every event's effect exactly once")
                .containsExactlyInAnyOrderElementsOf(events.stream().map(event -> event.id().toString()).toList());
        assertThat(events.size() % STREAMS).as("as many events in every stream").isZero();
        String inOrder = LongStream.rangeClosed(1, events.size() / STREAMS).mapToObj(Long::toString).collect(Collectors.joining(","));
        assertThat(column("SELECT string_agg(seq::text, ',' ORDER BY n) FROM " + schema + ".worker_handled GROUP BY stream"))
                .as("per-stream order").hasSize(STREAMS).containsOnly(inOrder);
    }

    private static List<String> batchesPerWorker(String schema) {
        return column("SELECT worker || '=' || count(*) FROM " + schema + ".worker_batches GROUP BY worker ORDER BY worker");
    }

    private Process startWorker(String schema, String worker, String sleepSeconds) {
        return workers.start("separatejvm-" + run + "-" + worker, DB.server().r2dbcUrl(), schema, NAME, String.valueOf(SEGMENTS), worker,
                application(worker), sleepSeconds);
    }

    private String application(String worker) {
        return "es-jvm-" + worker + "-" + run;
    }

    /** Waits until all segments are held, by workers with these names only, each of the workers in {@code holding} holding some. */
    private static void awaitHeldBy(DurableNode observer, List<String> holding) {
        awaitHeldBy(observer, holding, List.of());
    }

    private static void awaitHeldBy(DurableNode observer, List<String> holding, List<String> mayHold) {
        await().atMost(JVM_TIMEOUT).until(() -> heldPerWorker(observer), held -> held.values().stream().mapToLong(Long::longValue).sum()
                == SEGMENTS && held.keySet().containsAll(holding) && held.keySet().stream().allMatch(worker -> holding.contains(worker) || mayHold.contains(worker)));
    }

    /** @return segments held per worker name (the owner id is the worker name, a dash and a random suffix) */
    private static Map<String, Long> heldPerWorker(DurableNode observer) {
        List<DurableStatus> status = observer.durable.status(NAME).collectList().block(DurableNode.TIMEOUT);
        return Objects.requireNonNull(status).stream().filter(DurableStatus::leaseHeld)
                .collect(Collectors.groupingBy(segment -> String.valueOf(segment.owner()).replaceFirst("-[^-]*$", ""), Collectors.counting()));
    }

    private static void awaitSleepingInBatch(String application) {
        String sleeping = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'"
                + " AND state = 'active' AND wait_event = 'PgSleep'";
        await().atMost(JVM_TIMEOUT).pollInterval(Duration.ofMillis(5))
                .until(() -> DB.column(sleeping, Long.class).blockFirst(DurableNode.TIMEOUT) > 0);
    }

    private static long count(String schema, String table, String condition) {
        return Objects.requireNonNull(DB.column("SELECT count(*) FROM " + schema + "." + table + " WHERE " + condition, Long.class)
                .blockFirst(DurableNode.TIMEOUT));
    }

    private static List<String> column(String sql) {
        return DB.column(sql, String.class).collectList().block(DurableNode.TIMEOUT);
    }
}
