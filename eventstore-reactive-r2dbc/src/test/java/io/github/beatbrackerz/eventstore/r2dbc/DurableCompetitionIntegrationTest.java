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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two and three instances (each with its own pool and application_name) start the same durable
 * subscription of 8 segments, one after the other, while concurrent writers append: each segment
 * is handled by one instance at a time (no overlapping handler calls), every event is handled, in
 * per-stream order, and the segments end up shared fairly.
 */
class DurableCompetitionIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final int SEGMENTS = 8;
    private static final int STREAMS = 24;
    private static final int PER_STREAM = 20;

    @RegisterExtension
    final DurableNodes nodes = new DurableNodes(DB);

    @ParameterizedTest(name = "{0} instances")
    @ValueSource(ints = {2, 3})
    void instancesSharingANameNeverRunOneSegmentTwiceAtOnce(int instances) {
        String schema = DB.newSchema(true);
        EventStore writer = DurableWorkload.writer(DB, schema);
        DurableRecorder recorder = new DurableRecorder(SEGMENTS).slowBy(Duration.ofMillis(3));
        List<RecordedEvent> events = new ArrayList<>(DurableWorkload.write(writer, "s-", STREAMS, PER_STREAM / 2, 8));
        CompletableFuture<List<RecordedEvent>> written = CompletableFuture.supplyAsync(
                () -> DurableWorkload.write(writer, "s-", STREAMS, PER_STREAM / 2, 8));
        DurableNode first = null;
        for (int i = 0; i < instances; i++) {
            DurableNode node = nodes.start(schema, "n" + i);
            first = first == null ? node : first;
            node.start(DurableWorkload.spec("competing", SEGMENTS).build(), recorder);
            // the next instance joins while this one is busy, so segments are handed over mid-stream
            int busy = (i + 1) * STREAMS * PER_STREAM / (instances + 2);
            await().atMost(DurableNode.TIMEOUT).until(() -> recorder.handled().size() >= busy);
        }
        events.addAll(Objects.requireNonNull(written.join()));

        await().atMost(DurableNode.TIMEOUT).until(() -> recorder.handled().containsAll(events));
        DurableNode asking = Objects.requireNonNull(first);
        List<DurableStatus> status = await().atMost(DurableNode.TIMEOUT)
                .until(() -> asking.durable.status("competing").collectList().block(DurableNode.TIMEOUT),
                        all -> DurableWorkload.heldPerOwner(all).size() == instances
                                && DurableWorkload.heldPerOwner(all).values().stream().mapToLong(Long::longValue).sum() == SEGMENTS);
        Map<String, Long> held = DurableWorkload.heldPerOwner(status);
        System.out.printf("%d instances: segments per owner %s, %d handler calls for %d events%n", instances, held,
                recorder.handled().size(), events.size());

        assertThat(recorder.overlaps()).as("handler calls overlapping within one segment").isZero();
        StreamOrder.assertInOrderAtLeastOnce(recorder.sequencesPerStream(), STREAMS, PER_STREAM);
        assertThat(held.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo((SEGMENTS + instances - 1) / instances));
        writer.close().block(DurableNode.TIMEOUT);
    }
}
