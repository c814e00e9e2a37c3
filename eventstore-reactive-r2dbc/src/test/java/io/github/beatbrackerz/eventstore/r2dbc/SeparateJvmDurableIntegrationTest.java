package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
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
 * is recorded outside the transaction). The takeover time is measured and printed. The workers'
 * output is in {@code target/durable-workers/}.
 */
class SeparateJvmDurableIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final String NAME = "separate-jvms";
    private static final int SEGMENTS = 6;
    private static final int STREAMS = 24;
    private static final int PER_STREAM = 20;
    private static final Duration JVM_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    final WorkerProcesses workers = new WorkerProcesses();

    @RegisterExtension
    final DurableNodes nodes = new DurableNodes(DB);

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aWorkerJvmKilledMidBatchLosesNothingAndAppliesNothingTwice() throws InterruptedException {
        String schema = DB.schema();
        DB.execute("CREATE TABLE " + schema + ".worker_handled (n bigserial PRIMARY KEY, event_id uuid NOT NULL, stream text NOT NULL,"
                + " seq bigint NOT NULL, segment int NOT NULL, worker text NOT NULL, handled_at timestamptz NOT NULL DEFAULT clock_timestamp());"
                + " CREATE TABLE " + schema + ".worker_batches (n bigserial PRIMARY KEY, segment int NOT NULL, worker text NOT NULL,"
                + " events int NOT NULL, committed_by timestamptz NOT NULL DEFAULT clock_timestamp());"
                + " CREATE TABLE " + schema + ".worker_overlaps (n bigserial PRIMARY KEY, segment int NOT NULL, worker text NOT NULL,"
                + " seen_at timestamptz NOT NULL DEFAULT clock_timestamp())").block(DurableNode.TIMEOUT);
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableNode observer = nodes.start(schema, "observer");

        Process doomed = startWorker(schema, "w1");
        startWorker(schema, "w2");
        awaitHeldBy(observer, List.of("w1", "w2"));
        CompletableFuture<List<RecordedEvent>> written = CompletableFuture.supplyAsync(
                () -> DurableWorkload.write(writer, "p-", STREAMS, PER_STREAM / 2, 4));
        await().atMost(JVM_TIMEOUT).until(() -> count(schema, "worker_handled", "worker = 'w1'") >= 20);
        awaitSleepingInBatch(application("w1"));

        long killed = System.nanoTime();
        workers.kill(doomed);
        startWorker(schema, "w3");
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
                DurableWorkload.RENEW.toMillis(), column("SELECT worker || '=' || count(*) FROM " + schema
                        + ".worker_batches GROUP BY worker ORDER BY worker"));

        assertThat(count(schema, "worker_handled", "true")).as("effects applied").isEqualTo(events.size());
        assertThat(column("SELECT event_id::text FROM " + schema + ".worker_handled")).as("every event's effect exactly once")
                .containsExactlyInAnyOrderElementsOf(events.stream().map(event -> event.id().toString()).toList());
        String inOrder = LongStream.rangeClosed(1, PER_STREAM).mapToObj(Long::toString).collect(Collectors.joining(","));
        assertThat(column("SELECT string_agg(seq::text, ',' ORDER BY n) FROM " + schema + ".worker_handled GROUP BY stream"))
                .as("per-stream order").hasSize(STREAMS).containsOnly(inOrder);
        assertThat(column("SELECT DISTINCT worker FROM " + schema + ".worker_handled")).as("every worker applied events")
                .containsExactlyInAnyOrder("w1", "w2", "w3");
        assertThat(count(schema, "worker_batches", "true")).as("committed batches, each checked for overlap").isPositive();
        assertThat(column("SELECT segment || ' ' || worker || ' ' || seen_at FROM " + schema + ".worker_overlaps"))
                .as("transactions of one segment open at the same time").isEmpty();
        writer.close().block(DurableNode.TIMEOUT);
    }

    private Process startWorker(String schema, String worker) {
        return workers.start("separatejvm-" + run + "-" + worker, DB.server().r2dbcUrl(), schema, NAME, String.valueOf(SEGMENTS), worker,
                application(worker));
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
