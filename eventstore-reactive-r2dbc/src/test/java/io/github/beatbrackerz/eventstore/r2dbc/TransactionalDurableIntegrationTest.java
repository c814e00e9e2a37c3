package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import io.github.beatbrackerz.eventstore.error.HandlerTimeoutException;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.spi.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Exactly-once effects with a transactional handler: a read model in the same database (one row
 * per applied event, numbered in commit order) is written in the transaction that advances the
 * checkpoint. An instance killed in the middle of a batch (its transaction open, rows inserted,
 * sleeping before the checkpoint) loses the batch with its transaction; the other instance takes
 * the segments over and applies every event exactly once, in per-stream order. Killed backends of
 * a running instance roll back the batch in flight, which is then applied once.
 */
class TransactionalDurableIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final int SEGMENTS = 4;
    private static final int STREAMS = 12;
    private static final int PER_STREAM = 15;

    @RegisterExtension
    final DurableNodes nodes = new DurableNodes(DB);

    @Test
    void anInstanceKilledMidBatchLeavesNoEffectAppliedTwiceAndNoneLost() {
        String schema = readModelSchema();
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableNode doomed = nodes.start(schema, "doomed");
        doomed.startTransactional(DurableWorkload.spec("exactly-once", SEGMENTS).build(), handler(schema, doomed));
        // written until the crash, so that the doomed instance still has batches in flight however fast it is
        AtomicBoolean crashed = new AtomicBoolean();
        CompletableFuture<List<RecordedEvent>> written = CompletableFuture.supplyAsync(
                () -> DurableWorkload.writeUntil(writer, "x-", STREAMS, PER_STREAM, crashed::get, 4));
        DurableNode survivor = nodes.start(schema, "survivor");
        survivor.startTransactional(DurableWorkload.spec("exactly-once", SEGMENTS).build(), handler(schema, survivor));
        await().atMost(DurableNode.TIMEOUT).until(() -> count(schema, "node = '" + doomed.name + "'") > 20);

        awaitSleepingInBatch(doomed);
        long crash = System.nanoTime();
        nodes.crash(doomed);
        crashed.set(true);
        List<RecordedEvent> events = Objects.requireNonNull(written.join());

        await().atMost(DurableNode.TIMEOUT).until(() -> count(schema, "true") >= events.size());
        System.out.printf("transactional: every event applied %d ms after killing an instance mid-batch%n",
                (System.nanoTime() - crash) / 1_000_000);
        assertAppliedExactlyOnceInOrder(schema, events);
        writer.close().block(DurableNode.TIMEOUT);
    }

    @Test
    void killedBackendsRollTheBatchInFlightBackAndItIsAppliedOnce() {
        String schema = readModelSchema();
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableNode node = nodes.start(schema, "restarted");
        node.startTransactional(DurableWorkload.spec("killed-backends", SEGMENTS).build(), handler(schema, node, "0.2"));
        AtomicBoolean killedTwice = new AtomicBoolean();
        CompletableFuture<List<RecordedEvent>> written = CompletableFuture.supplyAsync(
                () -> DurableWorkload.writeUntil(writer, "k-", STREAMS, PER_STREAM, killedTwice::get, 4));
        for (int kill = 0; kill < 2; kill++) {
            // after a kill, wait for new progress: a killed backend may still be listed as sleeping for a moment
            long applied = count(schema, "true");
            await().atMost(DurableNode.TIMEOUT).until(() -> count(schema, "true") > applied);
            awaitSleepingInBatch(node);
            assertThat(node.killBackends()).isPositive();
        }
        killedTwice.set(true);
        List<RecordedEvent> events = Objects.requireNonNull(written.join());

        await().atMost(DurableNode.TIMEOUT).until(() -> count(schema, "true") >= events.size());
        assertAppliedExactlyOnceInOrder(schema, events);
        assertThat(node.durable.parked("killed-backends").collectList().block(DurableNode.TIMEOUT))
                .as("an outage parks nothing").isEmpty();
        writer.close().block(DurableNode.TIMEOUT);
    }

    @Test
    void aHungTransactionalHandlerIsRolledBackParkedAndLeaksNoConnection() {
        String schema = readModelSchema();
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableNode node = nodes.start(schema, "hung");
        TransactionalHandler inserts = handler(schema, node, "0");
        TransactionalHandler hangsOnPoison = (events, connection) -> inserts.handle(events, connection)
                .then(Mono.defer(() -> events.stream().anyMatch(event -> event.aggregateId().equals("poison"))
                        ? Mono.<Void>never() : Mono.<Void>empty()));
        node.startTransactional(DurableWorkload.spec("hung", 1).handlerTimeout(Duration.ofMillis(500))
                .retry(2, Duration.ofMillis(10), Duration.ofMillis(50)).build(), hangsOnPoison);
        List<RecordedEvent> before = DurableWorkload.write(writer, "h-", 3, 2, 1);
        RecordedEvent poison = writer.appendEvent(DurableWorkload.event("poison", 1)).block(DurableNode.TIMEOUT);
        List<RecordedEvent> after = DurableWorkload.write(writer, "j-", 3, 2, 1);

        List<ParkedEvent> parked = await().atMost(DurableNode.TIMEOUT)
                .until(() -> node.durable.parked("hung").collectList().block(DurableNode.TIMEOUT), list -> !list.isEmpty());
        assertThat(parked).singleElement().satisfies(letter -> {
            assertThat(letter.eventId()).isEqualTo(Objects.requireNonNull(poison).id());
            assertThat(letter.error()).contains(HandlerTimeoutException.class.getName());
        });
        await().atMost(DurableNode.TIMEOUT).until(() -> count(schema, "true") >= before.size() + after.size());
        assertThat(count(schema, "stream = 'poison'")).as("the hung transaction's insert rolled back").isZero();
        assertThat(count(schema, "true")).as("every other event applied once").isEqualTo(before.size() + after.size());
        await().atMost(DurableNode.TIMEOUT).untilAsserted(() -> assertThat(node.pool.getMetrics().orElseThrow().acquiredSize())
                .as("connections of the timed-out transactions are released").isLessThanOrEqualTo(1));
        writer.close().block(DurableNode.TIMEOUT);
    }

    /** Inserts one row per event, then sleeps 50 ms before the runner adds the checkpoint and commits. */
    private static TransactionalHandler handler(String schema, DurableNode node) {
        return handler(schema, node, "0.05");
    }

    /** Inserts one row per event, then sleeps before the runner adds the checkpoint and commits. */
    private static TransactionalHandler handler(String schema, DurableNode node, String sleepSeconds) {
        String insert = "INSERT INTO " + schema + ".applied (event_id, stream, seq, node) VALUES ($1, $2, $3, $4)";
        return (events, connection) -> Flux.fromIterable(events)
                .concatMap(event -> execute(connection, insert, event.id(), event.aggregateId(), event.sequenceNumber(), node.name))
                .then(execute(connection, "SELECT pg_sleep(" + sleepSeconds + ")"));
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

    private String readModelSchema() {
        String schema = DB.newSchema(true);
        DB.execute("CREATE TABLE " + schema + ".applied (n bigserial PRIMARY KEY, event_id uuid NOT NULL, stream text NOT NULL,"
                + " seq bigint NOT NULL, node text NOT NULL)").block(DurableNode.TIMEOUT);
        return schema;
    }

    private static void awaitSleepingInBatch(DurableNode node) {
        String sleeping = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + node.application + "'"
                + " AND state = 'active' AND wait_event = 'PgSleep'";
        await().atMost(DurableNode.TIMEOUT).pollInterval(Duration.ofMillis(5))
                .until(() -> DB.column(sleeping, Long.class).blockFirst(DurableNode.TIMEOUT) > 0);
    }

    private static long count(String schema, String condition) {
        return Objects.requireNonNull(DB.column("SELECT count(*) FROM " + schema + ".applied WHERE " + condition, Long.class)
                .blockFirst(DurableNode.TIMEOUT));
    }

    private static void assertAppliedExactlyOnceInOrder(String schema, List<RecordedEvent> events) {
        assertThat(count(schema, "true")).as("rows applied").isEqualTo(events.size());
        List<String> ids = DB.column("SELECT event_id::text FROM " + schema + ".applied", String.class).collectList().block(DurableNode.TIMEOUT);
        assertThat(ids).as("every event exactly once")
                .containsExactlyInAnyOrderElementsOf(events.stream().map(event -> event.id().toString()).toList());
        List<String> orders = DB.column("SELECT string_agg(seq::text, ',' ORDER BY n) FROM " + schema + ".applied GROUP BY stream",
                String.class).collectList().block(DurableNode.TIMEOUT);
        assertThat(events.size() % STREAMS).as("as many events in every stream").isZero();
        String inOrder = LongStream.rangeClosed(1, events.size() / STREAMS).mapToObj(Long::toString).collect(Collectors.joining(","));
        assertThat(orders).hasSize(STREAMS).containsOnly(inOrder);
    }

}
