package io.github.beatbrackerz.eventstore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Values that storage can hold but the write rules refuse (written by another program) can be
 * represented, read and named; only the write path refuses them.
 */
class StoredValuesTest {

    private static final String LONG_ID = "x".repeat(300);
    private static final String EMOJI = "\uD83C\uDF89".repeat(200);
    /** 256 characters to PostgreSQL: more than any {@code varchar(255)} row holds. */
    private static final String TOO_LONG = "\uD83C\uDF89".repeat(256);

    private static void rejects(String field, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void aStreamIdAsStoredNeedsOnlyBothParts() {
        assertThat(new StreamId(" ", "").toString()).isEqualTo("/ ");
        assertThat(new StreamId(LONG_ID, EMOJI).aggregateId()).hasSize(300);
        rejects("aggregateId", () -> new StreamId(null, "order"));
        rejects("aggregateType", () -> new StreamId("o-1", null));
    }

    @Test
    void streamIdOfChecksTheWriteRules() {
        rejects("aggregateId", () -> StreamId.of(" ", "order"));
        rejects("aggregateId", () -> StreamId.of(LONG_ID, "order"));
        rejects("aggregateType", () -> StreamId.of("o-1", EMOJI));
    }

    @Test
    void aStreamToReadMayBeAnythingStorageHoldsExceptBlank() {
        assertThat(StreamId.lookup(LONG_ID, EMOJI)).isEqualTo(new StreamId(LONG_ID, EMOJI));
        rejects("aggregateId", () -> StreamId.lookup(" ", "order"));
        rejects("aggregateType", () -> StreamId.lookup("o-1", ""));
        rejects("aggregateType", () -> StreamId.lookup("o-1", TOO_LONG));
        rejects("aggregateId", () -> StreamId.lookup("a\u0000", "order"));
        rejects("aggregateType", () -> StreamId.lookup("o-1", "\uD800"));
    }

    @Test
    void appendingChecksTheWriteRulesWhateverBuiltTheStreamId() {
        rejects("aggregateId", () -> new NewEvent(null, "Added", new StreamId(LONG_ID, "order"), "me", Json.emptyObject(), Json.emptyObject(), 1));
        rejects("aggregateType", () -> new NewEvent(null, "Added", new StreamId("o-1", " "), "me", Json.emptyObject(), Json.emptyObject(), 1));
        rejects("aggregateType", () -> NewEvent.builder().type("Added").aggregateId("o-1").aggregateType(EMOJI).createdBy("me").build());
    }

    @Test
    void snapshotsNameAStreamAsReadsDo() {
        assertThat(new NewSnapshot(new StreamId(LONG_ID, EMOJI), 1, Json.emptyObject(), 1).stream().aggregateId()).isEqualTo(LONG_ID);
        assertThat(NewSnapshot.of(LONG_ID, "order", 1, Json.emptyObject()).stream().aggregateId()).isEqualTo(LONG_ID);
        rejects("aggregateType", () -> new NewSnapshot(new StreamId("o-1", " "), 1, Json.emptyObject(), 1));
    }

    @Test
    void valuesToStoreRefuseWhatJsonbCannotHoldWhenMade() {
        Json nul = Json.parse("{\"a\":\"x\\u0000\"}");
        rejects("state", () -> new NewSnapshot(StreamId.of("o-1", "order"), 1, nul, 1));
        rejects("payload", () -> NewEvent.builder().type("A").aggregateId("o-1").aggregateType("order").createdBy("t")
                .payloadJson(nul.text()).build());
        rejects("metadata", () -> NewEvent.builder().type("A").aggregateId("o-1").aggregateType("order").createdBy("t")
                .metadataJson("{\"a\":\"\\ud800\"}").build());
    }

    @Test
    void queriesAndFiltersNameWhatStorageHolds() {
        EventQuery query = EventQuery.builder().aggregateId(LONG_ID).aggregateType(EMOJI).type(EMOJI).build();
        assertThat(query.aggregateId()).isEqualTo(LONG_ID);
        assertThat(EventQuery.forStream(new StreamId(LONG_ID, EMOJI)).isSingleStream()).isTrue();
        assertThat(new EventFilter(LONG_ID, EMOJI, Set.of(EMOJI), null).aggregateId()).isEqualTo(LONG_ID);
        rejects("types", () -> EventQuery.builder().type("y".repeat(256)).build());
        rejects("aggregateType", () -> EventFilter.aggregateType(" "));
        rejects("types", () -> EventFilter.all().withTypes(TOO_LONG));
    }

    @Test
    void aRecordedEventHoldsWhatEverStorageHolds() {
        RecordedEvent event = new RecordedEvent(UUID.randomUUID(), " ", new StreamId("", " "), -3, 0, Json.trusted("null"),
                Json.trusted("[]"), java.time.Instant.MIN, "", Position.of(Long.MAX_VALUE, -7));
        assertThat(event.globalPosition()).isEqualTo(-7);
        assertThat(EventFilter.all().matches(event)).isTrue();
        assertThat(new EventFilter(null, null, Set.of("Added"), null).matches(event)).isFalse();
    }

    @Test
    void negativeGlobalPositionsOrderAndRoundTrip() {
        Position negative = Position.of(5, -7);
        assertThat(negative.serialize()).isEqualTo("5--7");
        assertThat(Position.parse("5--7")).isEqualTo(negative);
        assertThat(Position.parse(Position.of(5, Long.MIN_VALUE).serialize())).isEqualTo(Position.of(5, Long.MIN_VALUE));
        assertThat(negative).isLessThan(Position.of(5, 0)).isGreaterThan(Position.of(4, Long.MAX_VALUE));
        assertThat(Position.of(1, -1)).isGreaterThan(Position.BEGINNING);
        rejects("position", () -> Position.of(-1, 0));
        rejects("position", () -> Position.parse("-1-2"));
    }
}
