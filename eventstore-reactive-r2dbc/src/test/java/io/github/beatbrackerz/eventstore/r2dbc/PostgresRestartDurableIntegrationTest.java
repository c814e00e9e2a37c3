package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.Segments;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.r2dbc.test.RestartablePostgres;
import io.github.beatbrackerz.eventstore.tck.DurableRecorder;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checkpoints and leases across a real restart of PostgreSQL (a dedicated embedded server, fast
 * shutdown, the same data directory and port): two instances run an at-least-once and a
 * transactional subscription of 4 segments while a writer appends steadily; the server goes down
 * for longer than the lease time, comes back, and the appends go on. Afterwards every committed
 * event was handled at least once, in per-stream order; the transactional read model holds each
 * event's effect exactly once; both subscriptions' checkpoints are at the head; every segment has
 * one live owner; nothing is parked. (Killed backends, without a restart, are covered by
 * {@code DurableTakeoverIntegrationTest}, {@code TransactionalDurableIntegrationTest} and
 * {@code durable.KilledBackendIntegrationTest}.)
 */
class PostgresRestartDurableIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.restartable();

    private static final int SEGMENTS = 4;
    private static final int STREAMS_PER_SEGMENT = 2;
    private static final int STREAMS = SEGMENTS * STREAMS_PER_SEGMENT;
    private static final Duration DOWN = DurableWorkload.LEASE.plusSeconds(2);
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    @RegisterExtension
    final DurableNodes nodes = new DurableNodes(DB);

    @Test
    void checkpointsAndLeasesSurviveARestartOfPostgres() throws InterruptedException {
        String schema = DB.schema();
        DB.execute("CREATE TABLE " + schema + ".applied (n bigserial PRIMARY KEY, event_id uuid NOT NULL, stream text NOT NULL,"
                + " seq bigint NOT NULL, node text NOT NULL)").block(DurableNode.TIMEOUT);
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableRecorder recorder = new DurableRecorder(SEGMENTS).slowBy(Duration.ofMillis(1));
        DurableNode a = nodes.start(schema, "a");
        DurableNode b = nodes.start(schema, "b");
        DurableSubscription atLeastOnceA = a.start(DurableWorkload.spec("at-least-once", SEGMENTS).build(), recorder);
        DurableSubscription exactlyOnceA = a.startTransactional(DurableWorkload.spec("exactly-once", SEGMENTS).build(), readModel(schema, a));
        DurableSubscription atLeastOnceB = b.start(DurableWorkload.spec("at-least-once", SEGMENTS).build(), recorder);
        DurableSubscription exactlyOnceB = b.startTransactional(DurableWorkload.spec("exactly-once", SEGMENTS).build(), readModel(schema, b));
        Set<String> atLeastOnceOwners = Set.of(atLeastOnceA.owner(), atLeastOnceB.owner());
        Set<String> exactlyOnceOwners = Set.of(exactlyOnceA.owner(), exactlyOnceB.owner());
        awaitShared(a, "at-least-once", atLeastOnceOwners);
        awaitShared(a, "exactly-once", exactlyOnceOwners);

        RestartablePostgres server = DB.restartableServer();
        long restarted;
        try (SteadyAppender appender = SteadyAppender.start(writer, streamsCoveringEverySegment(), Duration.ofMillis(10))) {
            await().atMost(DurableNode.TIMEOUT).until(() -> appender.appended() >= 60 && recorder.handled().size() >= 40
                    && applied(schema) >= 40);

            long stopped = System.nanoTime();
            server.stop();
            long down = System.nanoTime();
            await().atMost(DurableNode.TIMEOUT).until(() -> appender.failed() > 0);
            Thread.sleep(Math.max(0, DOWN.toMillis() - (System.nanoTime() - down) / 1_000_000));
            server.start();
            restarted = System.nanoTime();
            System.out.printf("PostgreSQL restart: fast shutdown took %d ms, down for %d ms, %d appends failed meanwhile (last: %s)%n",
                    (down - stopped) / 1_000_000, (restarted - down) / 1_000_000, appender.failed(), appender.lastFailure());

            int before = appender.appended();
            await().atMost(DurableNode.TIMEOUT).until(() -> appender.appended() >= before + 60);
        }

        List<String> ids = DB.column("SELECT id::text FROM " + schema + ".events", String.class).collectList().block(DurableNode.TIMEOUT);
        Map<String, Long> lastPerStream = lastPerStream(schema);
        assertThat(lastPerStream).hasSize(STREAMS);
        await().atMost(CATCH_UP).until(() -> handledIds(recorder).containsAll(ids));
        await().atMost(CATCH_UP).until(() -> applied(schema) >= ids.size());
        System.out.printf("after the restart: every one of %d events handled (at least once) and applied %d ms after PostgreSQL"
                + " was up again; %d handler calls for them%n", ids.size(), (System.nanoTime() - restarted) / 1_000_000,
                recorder.handled().size());

        assertThat(handledIds(recorder)).as("at-least-once handles only stored events").containsExactlyInAnyOrderElementsOf(Set.copyOf(ids));
        StreamOrder.assertInOrderAtLeastOnce(recorder.sequencesPerStream(), lastPerStream);
        assertThat(recorder.overlaps()).as("handler calls overlapping within one segment").isZero();
        assertAppliedExactlyOnceInOrder(schema, ids, lastPerStream);

        Position head = recorder.handled().stream().map(RecordedEvent::position).max(Comparator.naturalOrder()).orElseThrow();
        for (String name : List.of("at-least-once", "exactly-once")) {
            Set<String> owners = name.equals("at-least-once") ? atLeastOnceOwners : exactlyOnceOwners;
            List<DurableStatus> status = await().atMost(DurableNode.TIMEOUT).until(
                    () -> a.durable.status(name).collectList().block(DurableNode.TIMEOUT),
                    all -> all.size() == SEGMENTS && all.stream().allMatch(segment -> segment.leaseHeld() && owners.contains(segment.owner())
                            && !segment.paused() && segment.lag() != null && segment.lag().events() == 0));
            System.out.printf("%s after the restart: segments per owner %s, last errors %s%n", name, DurableWorkload.heldPerOwner(status),
                    status.stream().map(DurableStatus::lastError).filter(Objects::nonNull).toList());
            assertThat(status).extracting(DurableStatus::checkpoint).as("%s checkpoints", name).contains(head);
            assertThat(status).extracting(DurableStatus::parked).as("%s parked per segment", name).containsOnly(0L);
            assertThat(a.durable.parked(name).collectList().block(DurableNode.TIMEOUT)).as("an outage parks nothing").isEmpty();
            assertThat(b.durable.status(name).collectList().block(DurableNode.TIMEOUT))
                    .as("the other instance sees the same owners")
                    .extracting(DurableStatus::owner).containsExactlyElementsOf(status.stream().map(DurableStatus::owner).toList());
        }
        writer.close().block(DurableNode.TIMEOUT);
    }

    /** Inserts one row per event with the transaction's connection, then sleeps a little so that batches are in flight. */
    private static TransactionalHandler readModel(String schema, DurableNode node) {
        String insert = "INSERT INTO " + schema + ".applied (event_id, stream, seq, node) VALUES ($1, $2, $3, $4)";
        return (events, connection) -> Flux.fromIterable(events)
                .concatMap(event -> execute(connection, insert, event.id(), event.stream().toString(), event.sequenceNumber(), node.name))
                .then(execute(connection, "SELECT pg_sleep(0.02)"));
    }

    private static Mono<Void> execute(Connection connection, String sql, Object... args) {
        return Flux.defer(() -> {
            var statement = connection.createStatement(sql);
            for (int i = 0; i < args.length; i++) {
                statement.bind(i, args[i]);
            }
            return statement.execute();
        }).concatMap(result -> result.getRowsUpdated()).then();
    }

    /** @return aggregate ids, {@value #STREAMS_PER_SEGMENT} in each segment, so that every segment has work */
    private static List<String> streamsCoveringEverySegment() {
        List<List<String>> perSegment = IntStream.range(0, SEGMENTS).mapToObj(segment -> new ArrayList<String>()).collect(Collectors.toList());
        for (int i = 0; perSegment.stream().anyMatch(ids -> ids.size() < STREAMS_PER_SEGMENT); i++) {
            List<String> ids = perSegment.get(Segments.of(StreamId.of("r-" + i, "counter"), SEGMENTS));
            if (ids.size() < STREAMS_PER_SEGMENT) {
                ids.add("r-" + i);
            }
        }
        return perSegment.stream().flatMap(List::stream).toList();
    }

    private static void awaitShared(DurableNode asking, String name, Set<String> owners) {
        await().atMost(DurableNode.TIMEOUT).until(() -> DurableWorkload.heldPerOwner(asking.durable.status(name).collectList()
                .block(DurableNode.TIMEOUT)), held -> held.keySet().equals(owners) && held.values().stream().allMatch(count -> count == 2));
    }

    private static Set<String> handledIds(DurableRecorder recorder) {
        return recorder.handled().stream().map(event -> event.id().toString()).collect(Collectors.toSet());
    }

    private static long applied(String schema) {
        return Objects.requireNonNull(DB.column("SELECT count(*) FROM " + schema + ".applied", Long.class).blockFirst(DurableNode.TIMEOUT));
    }

    /** @return every stream's last sequence number, keyed as {@code StreamId.toString()} */
    private static Map<String, Long> lastPerStream(String schema) {
        return DB.column("SELECT aggregate_type || '/' || aggregate_id || ' ' || max(sequence_number) FROM " + schema + ".events"
                        + " GROUP BY aggregate_type, aggregate_id", String.class)
                .collectMap(row -> row.substring(0, row.lastIndexOf(' ')), row -> Long.parseLong(row.substring(row.lastIndexOf(' ') + 1)))
                .block(DurableNode.TIMEOUT);
    }

    private static void assertAppliedExactlyOnceInOrder(String schema, List<String> ids, Map<String, Long> lastPerStream) {
        assertThat(applied(schema)).as("rows applied").isEqualTo(ids.size());
        assertThat(DB.column("SELECT event_id::text FROM " + schema + ".applied", String.class).collectList().block(DurableNode.TIMEOUT))
                .as("every event's effect exactly once").containsExactlyInAnyOrderElementsOf(ids);
        Map<String, String> orders = DB.column("SELECT stream || ' ' || string_agg(seq::text, ',' ORDER BY n) FROM " + schema
                        + ".applied GROUP BY stream", String.class)
                .collectMap(row -> row.substring(0, row.lastIndexOf(' ')), row -> row.substring(row.lastIndexOf(' ') + 1))
                .block(DurableNode.TIMEOUT);
        Map<String, String> expected = lastPerStream.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> LongStream.rangeClosed(1, entry.getValue()).mapToObj(Long::toString).collect(Collectors.joining(","))));
        assertThat(orders).as("each stream's effects in order").isEqualTo(expected);
    }
}
