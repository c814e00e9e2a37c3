package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.tck.DurableRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Instances that join, crash or lose their database sessions: a joining instance gets its share,
 * a crashed instance's segments are taken over once its leases expire (the time is measured and
 * printed), and checkpoints and leases survive killed backends. Each instance has its own pool
 * and application_name; a crash disposes its subscription without a hand-over and terminates its
 * backends.
 */
class DurableTakeoverIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final int SEGMENTS = 4;

    @RegisterExtension
    final DurableNodes nodes = new DurableNodes(DB);

    @Test
    void aJoiningInstanceGetsItsShareWhileEventsFlow() {
        String schema = DB.newSchema(true);
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableRecorder recorder = new DurableRecorder(SEGMENTS).slowBy(Duration.ofMillis(2));
        DurableNode first = nodes.start(schema, "first");
        first.start(DurableWorkload.spec("joined", SEGMENTS).build(), recorder);
        List<RecordedEvent> events = new ArrayList<>(DurableWorkload.write(writer, "j-", 16, 10, 4));
        awaitOwners("joined", first, Map.of(first.owner(), (long) SEGMENTS));

        long joined = System.nanoTime();
        DurableNode second = nodes.start(schema, "second");
        second.start(DurableWorkload.spec("joined", SEGMENTS).build(), recorder);
        events.addAll(DurableWorkload.write(writer, "j-", 16, 10, 4));
        awaitOwners("joined", first, Map.of(first.owner(), 2L, second.owner(), 2L));
        System.out.printf("rebalanced to 2 + 2 segments %d ms after the second instance started%n",
                Duration.ofNanos(System.nanoTime() - joined).toMillis());

        await().atMost(DurableNode.TIMEOUT).until(() -> recorder.handled().containsAll(events));
        assertThat(recorder.overlaps()).isZero();
        StreamOrder.assertInOrderAtLeastOnce(recorder.sequencesPerStream(), 16, 20);
        writer.close().block(DurableNode.TIMEOUT);
    }

    @Test
    void aCrashedInstancesSegmentsAreTakenOverOnceItsLeasesExpire() {
        String schema = DB.newSchema(true);
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableRecorder recorder = new DurableRecorder(SEGMENTS).slowBy(Duration.ofMillis(2));
        DurableNode doomed = nodes.start(schema, "doomed");
        doomed.start(DurableWorkload.spec("taken", SEGMENTS).build(), recorder);
        awaitOwners("taken", doomed, Map.of(doomed.owner(), (long) SEGMENTS));
        DurableNode survivor = nodes.start(schema, "survivor");
        survivor.start(DurableWorkload.spec("taken", SEGMENTS).build(), recorder);
        awaitOwners("taken", survivor, Map.of(doomed.owner(), 2L, survivor.owner(), 2L));
        List<RecordedEvent> events = new ArrayList<>(DurableWorkload.write(writer, "t-", 16, 10, 4));
        await().atMost(DurableNode.TIMEOUT).until(() -> recorder.handled().containsAll(events));

        long crash = System.nanoTime();
        nodes.crash(doomed);
        events.addAll(DurableWorkload.write(writer, "t-", 16, 10, 4));
        awaitOwners("taken", survivor, Map.of(survivor.owner(), (long) SEGMENTS));
        long takeover = Duration.ofNanos(System.nanoTime() - crash).toMillis();
        await().atMost(DurableNode.TIMEOUT).until(() -> recorder.handled().containsAll(events));
        System.out.printf("takeover after a crash: all segments held by the survivor %d ms after the crash, every event handled"
                + " %d ms after it (lease time %d ms, renew interval %d ms)%n", takeover,
                Duration.ofNanos(System.nanoTime() - crash).toMillis(), DurableWorkload.LEASE.toMillis(), DurableWorkload.RENEW.toMillis());

        assertThat(recorder.overlaps()).isZero();
        StreamOrder.assertInOrderAtLeastOnce(recorder.sequencesPerStream(), 16, 20);
        writer.close().block(DurableNode.TIMEOUT);
    }

    @Test
    void checkpointsAndLeasesSurviveKilledBackends() {
        String schema = DB.newSchema(true);
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableRecorder recorder = new DurableRecorder(SEGMENTS).slowBy(Duration.ofMillis(1));
        DurableNode node = nodes.start(schema, "killed");
        node.start(DurableWorkload.spec("survives", SEGMENTS).build(), recorder);
        List<RecordedEvent> events = new ArrayList<>(DurableWorkload.write(writer, "k-", 8, 10, 4));
        await().atMost(DurableNode.TIMEOUT).until(() -> recorder.handled().containsAll(events));

        assertThat(node.killBackends()).as("the node's sessions, LISTEN included").isPositive();
        events.addAll(DurableWorkload.write(writer, "k-", 8, 10, 4));
        await().atMost(DurableNode.TIMEOUT).until(() -> recorder.handled().containsAll(events));
        node.killBackends();
        events.addAll(DurableWorkload.write(writer, "k-", 8, 10, 4));
        await().atMost(DurableNode.TIMEOUT).until(() -> recorder.handled().containsAll(events));

        StreamOrder.assertInOrderAtLeastOnce(recorder.sequencesPerStream(), 8, 30);
        RecordedEvent last = events.stream().max(java.util.Comparator.comparing(RecordedEvent::position)).orElseThrow();
        List<DurableStatus> status = await().atMost(DurableNode.TIMEOUT).until(
                () -> node.durable.status("survives").collectList().block(DurableNode.TIMEOUT),
                all -> all.stream().allMatch(segment -> segment.leaseHeld() && node.owner().equals(segment.owner())
                        && segment.lag() != null && segment.lag().events() == 0));
        assertThat(status).extracting(DurableStatus::checkpoint).contains(last.position());
        writer.close().block(DurableNode.TIMEOUT);
    }


    private void awaitOwners(String name, DurableNode asking, Map<String, Long> expected) {
        await().atMost(DurableNode.TIMEOUT).until(() -> DurableWorkload.heldPerOwner(
                asking.durable.status(name).collectList().block(DurableNode.TIMEOUT)), expected::equals);
    }
}
