package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Bad arguments are rejected when the method is called, naming the field. */
public interface ArgumentConformance extends ConformanceSupport {

    private static void rejects(String field, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
                invalid -> assertThat(invalid.field()).isEqualTo(field));
    }

    @Test
    default void blankIdsAndTypesAreRejectedAtCallTime() {
        rejects("aggregateId", () -> store().getAggregateEvents(" ", ORDER));
        rejects("aggregateType", () -> store().getAggregateStats("o-1", ""));
        rejects("type", () -> store().getEventsByType(" ", 1));
        rejects("eventId", () -> store().getEvent(null));
    }

    @Test
    default void namesThatOnlyOtherProgramsWriteCanBeRead() {
        // Storage holds an aggregate id of any length and 255 characters (code points) of type; the write rules allow 255 UTF-16 units.
        String longId = "x".repeat(300);
        String emoji = "\uD83C\uDF89".repeat(200);
        assertThat(collect(store().getAggregateEvents(longId, emoji))).isEmpty();
        assertThat(store().getAggregateStats(longId, emoji).block(TIMEOUT).totalEvents()).isZero();
        assertThat(store().validateEventStream(longId, emoji).block(TIMEOUT).valid()).isTrue();
        assertThat(store().replayEvents(longId, emoji, tally()).block(TIMEOUT)).isEqualTo(new Tally(0, 0));
        assertThat(store().getLatestSnapshot(longId, emoji).block(TIMEOUT)).isNull();
        assertThat(collect(store().getEventsByType(emoji, 1))).isEmpty();
        assertThat(collect(store().queryEvents(EventQuery.builder().aggregateId(longId).aggregateType(emoji).type(emoji).build()))).isEmpty();
        rejects("aggregateType", () -> store().getAggregateEvents("o-1", "\uD83C\uDF89".repeat(256)));
    }

    @Test
    default void badNumbersAreRejectedAtCallTime() {
        rejects("limit", () -> store().getEventsByType("Added", 0));
        rejects("keep", () -> store().pruneSnapshots("o-1", ORDER, -1));
        rejects("sequenceNumber", () -> store().getStateAtSequence("o-1", ORDER, tally(), -1));
        rejects("snapshotInterval", () -> store().rebuildWithSnapshots("o-1", ORDER, tally(), 0));
        rejects("batchSize", () -> store().replayBatches(EventQuery.all(), 0));
        rejects("batchSize", () -> store().replayEventStream(EventQuery.all(), (events, number) -> null, -3));
    }

    @Test
    default void badBatchesAreRejectedAtCallTime() {
        rejects("events", () -> store().appendEvents(List.of()));
        rejects("expectedVersion", () -> store().appendEvents(
                List.of(event("o-1", "Added", 1), event("o-2", "Added", 1)), ExpectedVersion.exactly(1)));
        NewEvent same = event("o-1", "Added", 1).withEventId(java.util.UUID.randomUUID());
        rejects("eventId", () -> store().appendEvents(List.of(same, same)));
    }

    @Test
    default void badWarmupListsAreRejectedAtCallTime() {
        rejects("streams", () -> store().warmupCache((Collection<StreamId>) null));
        rejects("streams[]", () -> store().warmupCache(Arrays.asList(StreamId.of("o-1", ORDER), null)));
        rejects("aggregateId", () -> store().warmupCache(" ", ORDER));
    }

    @Test
    default void jsonThatPostgresCannotStoreIsRejectedAtCallTime() {
        NewEvent.Builder base = NewEvent.builder().type("Noted").aggregateId("o-1").aggregateType(ORDER).createdBy("tck");
        rejects("payload", () -> store().appendEvent(base.payload(Json.parse("{\"text\":\"a\\u0000b\"}")).build()));
        rejects("metadata", () -> store().appendEvent(base.payload(Json.emptyObject())
                .metadata(Json.parse("{\"text\":\"\\\\\\u0000\"}")).build()));
    }
}
