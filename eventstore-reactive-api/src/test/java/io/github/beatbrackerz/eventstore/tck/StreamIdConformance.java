package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The two ways to name a stream, a {@link StreamId} and the specification's {@code (aggregateId,
 * aggregateType)}, give the same results and refuse the same names; the id-first records
 * ({@link EventQuery}, {@link EventFilter}) select the same stream as {@code StreamId} does.
 */
public interface StreamIdConformance extends ConformanceSupport {

    private <T> T await(Mono<T> mono) {
        return Objects.requireNonNull(mono.block(TIMEOUT));
    }

    private static String fieldRefused(ThrowingCallable call) {
        try {
            call.call();
        } catch (ValidationException refused) {
            return refused.field();
        } catch (Throwable other) {
            throw new AssertionError("expected a ValidationException at call time, got " + other, other);
        }
        throw new AssertionError("expected a ValidationException at call time, nothing was thrown");
    }

    private static void completes(Mono<Void> call) {
        StepVerifier.create(call).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void readsByStreamIdEqualReadsByNames() {
        StreamId o1 = StreamId.of("o-1", ORDER);
        append(event("o-1", "Added", 1), event("o-1", "Added", 2), event("o-2", "Added", 5), event("o-1", "Paid", 4));
        await(store().createSnapshot(NewSnapshot.of("o-1", ORDER, 2, new Tally(3, 2))));

        List<RecordedEvent> byId = collect(store().getAggregateEvents(o1));
        assertThat(byId).extracting(RecordedEvent::sequenceNumber).containsExactly(1L, 2L, 3L);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).isEqualTo(byId);
        assertThat(await(store().getLatestSnapshot(o1))).isEqualTo(await(store().getLatestSnapshot("o-1", ORDER)));
        assertThat(await(store().getAggregateStats(o1))).isEqualTo(await(store().getAggregateStats("o-1", ORDER)));
        assertThat(await(store().getAggregateStats(o1)).totalEvents()).isEqualTo(3);
        assertThat(await(store().validateEventStream(o1))).isEqualTo(await(store().validateEventStream("o-1", ORDER)));
        assertThat(await(store().replayEvents(o1, tally()))).isEqualTo(new Tally(7, 3))
                .isEqualTo(await(store().replayEvents("o-1", ORDER, tally())));
        assertThat(await(store().getStateAtSequence(o1, tally(), 2))).isEqualTo(new Tally(3, 2))
                .isEqualTo(await(store().getStateAtSequence("o-1", ORDER, tally(), 2)));
    }

    @Test
    default void aStreamIdNamesItsOwnStreamOnly() {
        appendEach("o-1", 2);
        assertThat(collect(store().getAggregateEvents(new StreamId(ORDER, "o-1")))).isEmpty();
        assertThat(await(store().getAggregateStats(new StreamId(ORDER, "o-1"))).totalEvents()).isZero();
    }

    @Test
    default void writesByStreamIdActAsWritesByNames() {
        appendEach("o-1", 4);
        appendEach("o-2", 4);
        assertThat(await(store().rebuildWithSnapshots(StreamId.of("o-1", ORDER), tally(), 2)))
                .isEqualTo(await(store().rebuildWithSnapshots("o-2", ORDER, tally(), 2)));
        assertThat(await(store().getLatestSnapshot(StreamId.of("o-1", ORDER))).sequenceNumber()).isEqualTo(4);
        assertThat(await(store().pruneSnapshots(StreamId.of("o-1", ORDER), 1)))
                .isEqualTo(await(store().pruneSnapshots("o-2", ORDER, 1)))
                .isEqualTo(1L);

        completes(store().clearAggregateCache(StreamId.of("o-1", ORDER)));
        completes(store().warmupCache(StreamId.of("o-1", ORDER)));
        completes(store().clearAggregateCache("o-2", ORDER));
        completes(store().warmupCache("o-2", ORDER));
        appendEach("o-1", 1);
        assertThat(collect(store().getAggregateEvents(StreamId.of("o-1", ORDER)))).extracting(RecordedEvent::sequenceNumber)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(collect(store().getAggregateEvents("o-2", ORDER))).hasSize(4);
    }

    @Test
    default void bothFormsRefuseTheSameNamesAtCallTime() {
        List<List<String>> refused = List.of(List.of(" ", ORDER), List.of("o-1", ""), List.of("o-1", "\uD83C\uDF89".repeat(256)));
        for (List<String> names : refused) {
            String id = names.get(0);
            String type = names.get(1);
            StreamId raw = new StreamId(id, type);
            String field = fieldRefused(() -> store().getAggregateEvents(id, type));
            assertThat(field).isIn("aggregateId", "aggregateType");
            assertThat(List.of(
                    fieldRefused(() -> store().getAggregateEvents(raw)),
                    fieldRefused(() -> store().getLatestSnapshot(raw)), fieldRefused(() -> store().getLatestSnapshot(id, type)),
                    fieldRefused(() -> store().pruneSnapshots(raw, 1)), fieldRefused(() -> store().pruneSnapshots(id, type, 1)),
                    fieldRefused(() -> store().replayEvents(raw, tally())), fieldRefused(() -> store().replayEvents(id, type, tally())),
                    fieldRefused(() -> store().getStateAtSequence(raw, tally(), 1)),
                    fieldRefused(() -> store().getStateAtSequence(id, type, tally(), 1)),
                    fieldRefused(() -> store().rebuildWithSnapshots(raw, tally(), 1)),
                    fieldRefused(() -> store().rebuildWithSnapshots(id, type, tally(), 1)),
                    fieldRefused(() -> store().getAggregateStats(raw)), fieldRefused(() -> store().getAggregateStats(id, type)),
                    fieldRefused(() -> store().validateEventStream(raw)), fieldRefused(() -> store().validateEventStream(id, type)),
                    fieldRefused(() -> store().warmupCache(raw)), fieldRefused(() -> store().warmupCache(id, type)),
                    fieldRefused(() -> store().clearAggregateCache(raw)), fieldRefused(() -> store().clearAggregateCache(id, type))))
                    .as("the field refused for %s", raw).containsOnly(field);
        }
        assertThat(fieldRefused(() -> store().getAggregateEvents((StreamId) null))).isEqualTo("stream");
        assertThat(fieldRefused(() -> store().replayEvents((StreamId) null, tally()))).isEqualTo("stream");
    }

    @Test
    default void queriesAndFiltersNameTheStreamIdFirst() {
        append(event("o-1", "Added", 1), event("o-2", "Added", 2), event("o-1", "Paid", 3));
        List<RecordedEvent> stream = collect(store().getAggregateEvents(StreamId.of("o-1", ORDER)));
        assertThat(stream).hasSize(2);
        assertThat(collect(store().queryEvents(EventQuery.forStream(StreamId.of("o-1", ORDER))))).isEqualTo(stream);
        assertThat(collect(store().queryEvents(new EventQuery("o-1", ORDER, Set.of(), null, null, null, null, null, null, SortOrder.ASC))))
                .isEqualTo(stream);
        assertThat(collect(store().subscribeFrom(Position.BEGINNING, new EventFilter("o-1", ORDER, Set.of(), null)).take(2)))
                .isEqualTo(collect(store().subscribeFrom(Position.BEGINNING, EventFilter.forStream(StreamId.of("o-1", ORDER))).take(2)))
                .isEqualTo(stream);
    }
}
