package io.github.beatbrackerz.eventstore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad-input error message: the exception type, the field it names, and the exact text. */
class BadInputMessagesTest {

    private static final UUID ID = UUID.fromString("0190f4e2-0000-7000-8000-000000000001");
    private static final EventStore STORE = InMemoryEventStore.builder()
            .options(EventStoreOptions.builder().maxPayloadBytes(32).maxMetadataBytes(16).maxBatchSize(2).build())
            .build();
    private static final Projection<Long> COUNT = Projection.of(Long.class, 0L, (n, e) -> n + 1);

    private static NewEvent.Builder event() {
        return NewEvent.builder().type("Added").aggregateId("o-1").aggregateType("order").createdBy("tester");
    }

    private static NewEvent eventWithPayload(String json) {
        return event().payloadJson(json).build();
    }

    private static Arguments bad(String field, String message, ThrowingCallable call) {
        return Arguments.of(field, message, call);
    }

    static Stream<Arguments> badInputs() {
        String longName = "x".repeat(256);
        return Stream.of(
                // ids, types and names
                bad("aggregateId", "aggregateId must not be null", () -> StreamId.of(null, "order")),
                bad("aggregateId", "aggregateId must not be blank", () -> StreamId.of(" \t", "order")),
                bad("aggregateType", "aggregateType must not be blank", () -> StreamId.of("o-1", "")),
                bad("aggregateId", "aggregateId must be at most 255 characters, was 256", () -> StreamId.of(longName, "order")),
                bad("aggregateId", "aggregateId must not contain an unpaired surrogate at index 1", () -> StreamId.of("a\uD800b", "order")),
                bad("aggregateId", "aggregateId must not contain an unpaired surrogate at index 0", () -> StreamId.of("\uDC00", "order")),
                bad("aggregateType", "aggregateType must not contain the NUL character (\\u0000)", () -> StreamId.of("o-1", "ord\0er")),
                bad("type", "type must not be blank", () -> event().type(" ").build()),
                bad("type", "type must be at most 255 characters, was 256", () -> event().type(longName).build()),
                bad("createdBy", "createdBy must not be null", () -> NewEvent.builder().type("A").aggregateId("o").aggregateType("t").build()),
                bad("version", "version must be positive, was 0", () -> event().version(0).build()),
                bad("type", "type must not be blank", () -> STORE.getEventsByType("", 1)),
                bad("eventId", "eventId must not be null", () -> STORE.getEvent(null)),
                // JSON
                bad("payload", "payload must not be null", () -> event().payloadJson(null)),
                bad("metadata", "metadata is not valid JSON: empty document", () -> event().metadataJson("  ")),
                bad("payload", "payload must be at most 32 bytes as UTF-8 JSON text",
                        () -> STORE.appendEvent(eventWithPayload("{\"text\":\"" + "é".repeat(12) + "\"}"))),
                bad("metadata", "metadata must be at most 16 bytes as UTF-8 JSON text",
                        () -> STORE.appendEvent(event().metadata(Map.of("source", "a-long-source")).build())),
                bad("payload", "payload must not contain the \\u0000 escape (PostgreSQL jsonb cannot store it)",
                        () -> STORE.appendEvent(eventWithPayload("{\"t\":\"a\\u0000\"}"))),
                bad("payload", "payload must not contain the \\u0000 escape (PostgreSQL jsonb cannot store it)",
                        () -> STORE.appendEvent(event().payload(Map.of("t", "\0")).build())),
                bad("payload", "payload must not contain an unpaired surrogate escape at index 6",
                        () -> STORE.appendEvent(eventWithPayload("{\"t\":\"\\ud800x\"}"))),
                bad("payload", "payload must not contain an unpaired surrogate escape at index 6",
                        () -> STORE.appendEvent(eventWithPayload("{\"t\":\"\\udc00\"}"))),
                bad("payload", "payload must not contain an unpaired surrogate at index 6",
                        () -> STORE.appendEvent(event().payload(Json.trusted("{\"t\":\"\uD800\"}")).build())),
                // batches
                bad("events", "events must not be empty", () -> STORE.appendEvents(List.of())),
                bad("events", "events must hold at most 2 events, was 3",
                        () -> STORE.appendEvents(List.of(event().build(), event().build(), event().build()))),
                bad("events", "events must not be null", () -> STORE.appendEvents(null)),
                bad("event", "event must not be null", () -> STORE.appendEvent(null)),
                bad("expectedVersion", "expectedVersion requires all events of the batch to belong to one stream",
                        () -> STORE.appendEvents(List.of(event().build(), event().aggregateId("o-2").build()), ExpectedVersion.exactly(3))),
                bad("eventId", "eventId must be unique within a batch, " + ID + " repeats",
                        () -> STORE.appendEvents(List.of(event().eventId(ID).build(), event().eventId(ID).build()))),
                bad("expectedVersion", "expectedVersion must not be negative, was -1", () -> ExpectedVersion.exactly(-1)),
                bad("expectedVersion", "expectedVersion must be -1 (any), 0 (no stream) or a version, was -2", () -> new ExpectedVersion(-2)),
                // limits, sequences, batch sizes
                bad("limit", "limit must be positive, was 0", () -> STORE.getEventsByType("Added", 0)),
                bad("limit", "limit must be positive, was -5", () -> EventQuery.builder().limit(-5).build()),
                bad("fromSequence", "fromSequence must not be negative, was -1", () -> EventQuery.builder().fromSequence(-1L).build()),
                bad("toSequence", "toSequence must not be below fromSequence (5), was 3",
                        () -> EventQuery.builder().fromSequence(5L).toSequence(3L).build()),
                bad("toTime", "toTime must not be before fromTime",
                        () -> EventQuery.builder().fromTime(Instant.ofEpochSecond(10)).toTime(Instant.ofEpochSecond(5)).build()),
                bad("keep", "keep must not be negative, was -1", () -> STORE.pruneSnapshots("o-1", "order", -1)),
                bad("sequenceNumber", "sequenceNumber must not be negative, was -1", () -> STORE.getStateAtSequence("o-1", "order", COUNT, -1)),
                bad("snapshotInterval", "snapshotInterval must be positive, was 0", () -> STORE.rebuildWithSnapshots("o-1", "order", COUNT, 0)),
                bad("batchSize", "batchSize must be positive, was 0", () -> STORE.replayBatches(EventQuery.all(), 0)),
                bad("batchSize", "batchSize must be positive, was -1", () -> STORE.replayEventStream(EventQuery.all(), (e, n) -> null, -1)),
                bad("handler", "handler must not be null", () -> STORE.replayEventStream(EventQuery.all(), null, 1)),
                bad("projection", "projection must not be null", () -> STORE.replayEvents("o-1", "order", null)),
                bad("sequenceNumber", "sequenceNumber must be positive, was 0", () -> NewSnapshot.of("o-1", "order", 0, Map.of())),
                bad("filter", "filter must not be null", () -> STORE.subscribeToEvents(null)),
                // options and builders
                bad("maxPayloadBytes", "maxPayloadBytes must be between 2 and 104857600, was 1", () -> EventStoreOptions.builder().maxPayloadBytes(1)),
                bad("maxMetadataBytes", "maxMetadataBytes must be between 2 and 104857600, was 0", () -> EventStoreOptions.builder().maxMetadataBytes(0)),
                bad("maxBatchSize", "maxBatchSize must be between 1 and 1000000, was 0", () -> EventStoreOptions.builder().maxBatchSize(0)),
                bad("cacheTimeout", "cacheTimeout must be positive, was PT0S", () -> EventStoreOptions.builder().cacheTimeout(Duration.ZERO)),
                bad("cacheTimeout", "cacheTimeout must not be null", () -> EventStoreOptions.builder().cacheTimeout(null)),
                bad("cacheConsistency", "cacheConsistency must not be null", () -> EventStoreOptions.builder().cacheConsistency(null)),
                bad("warmupConcurrency", "warmupConcurrency must be between 1 and 256, was 0", () -> EventStoreOptions.builder().warmupConcurrency(0)),
                bad("warmupBatchSize", "warmupBatchSize must be between 1 and 1000, was 1001", () -> EventStoreOptions.builder().warmupBatchSize(1001)),
                bad("streams", "streams must not be null", () -> STORE.warmupCache((Collection<StreamId>) null)),
                bad("eventRepository", "eventRepository must not be null", () -> EventStore.builder().build()),
                bad("subscriberBufferSize", "subscriberBufferSize must be between 1 and 1000000, was 0",
                        () -> InMemoryEventStore.builder().subscriberBufferSize(0)),
                // positions
                bad("position", "position must not be blank", () -> Position.parse(null)),
                bad("position", "position must not be blank", () -> Position.parse(" ")),
                bad("position", "position is not a serialized position: abc", () -> Position.parse("abc")),
                bad("position", "position is not a serialized position: 12-", () -> Position.parse("12-")),
                bad("position", "position is not a serialized position: -12", () -> Position.parse("-12")),
                bad("position", "position is not a serialized position: 1-x", () -> Position.parse("1-x")),
                bad("position", "position is not a serialized position: 1-2-3", () -> Position.parse("1-2-3")),
                bad("position", "position is not a serialized position: " + "9".repeat(40) + "…", () -> Position.parse("9".repeat(60) + "-1")),
                bad("position", "position transaction id must not be negative", () -> Position.of(-1, 0)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInputs")
    void badInputIsRejectedNamingTheField(String field, String message, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(ValidationException.class)
                .hasMessage(message)
                .extracting(error -> ((ValidationException) error).field())
                .isEqualTo(field);
    }

    @ParameterizedTest(name = "[{index}] <{0}>")
    @MethodSource("nonJson")
    void nonJsonPayloadIsRejectedNamingThePayload(String text) {
        assertThatThrownBy(() -> event().payloadJson(text))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("payload is not valid JSON: ");
    }

    static Stream<String> nonJson() {
        return Stream.of("{not json", "{\"a\":1", "'single'", "");
    }
}
