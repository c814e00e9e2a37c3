package io.github.beatbrackerz.eventstore.reliability;

import static io.github.beatbrackerz.eventstore.tck.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Hostile payloads (deeply nested, huge, not JSON, NUL, lone surrogates) and hostile numbers
 * (negative, zero and huge limits, sequences, versions, positions): each is stored exactly, or
 * rejected with a {@link io.github.beatbrackerz.eventstore.error.ValidationException} naming the
 * field, and a rejected batch leaves nothing behind. Every call is bounded.
 */
class HostileArgumentsIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Projection<Long> COUNT = Projection.of(Long.class, 0L, (count, event) -> count + 1);

    private static EventStore store;
    private static ConnectionPool pool;
    private static Admin admin;

    @BeforeAll
    static void start() {
        pool = PrivatePool.create(DB.server(), PrivatePool.uniqueName("es-fuzz"), 4, null);
        store = R2dbcEventStores.builder(pool).schema(DB.schema()).build();
        admin = new Admin(pool, DB.schema());
    }

    @AfterAll
    static void stop() {
        store.close().block(Duration.ofSeconds(30));
        pool.disposeLater().block(Duration.ofSeconds(30));
    }

    @Test
    void hostilePayloadsAreStoredExactlyOrRejectedNamingTheField() {
        Outcomes outcomes = new Outcomes();
        expectRejected(outcomes, "payload not JSON", "payload", () -> NewEvent.builder().payloadJson("{abc"));
        expectRejected(outcomes, "payload empty text", "payload", () -> NewEvent.builder().payloadJson(""));
        expectRejected(outcomes, "payload NaN", "payload", () -> NewEvent.builder().payloadJson("NaN"));
        expectRejected(outcomes, "payload with trailing garbage", "payload", () -> NewEvent.builder().payloadJson("{\"a\":1} x"));
        expectRejected(outcomes, "payload nested 5,000 deep (text)", "payload", () -> NewEvent.builder().payloadJson(nestedText(5_000)));
        expectRejected(outcomes, "metadata not JSON", "metadata", () -> NewEvent.builder().metadataJson("'; DROP TABLE events; --"));
        expectStoredOrRejected(outcomes, "payload nested 5,000 deep (object)", "payload", () -> NewEvent.builder().payload(nestedMap(5_000)));
        expectStoredOrRejected(outcomes, "payload nested 200 deep", "payload", () -> NewEvent.builder().payloadJson(nestedText(200)));
        expectStoredOrRejected(outcomes, "payload of 1 MiB + 1 KiB", "payload", () -> NewEvent.builder().payload(Map.of("s", "x".repeat((1 << 20) + 1024))));
        expectStoredOrRejected(outcomes, "payload of 900 KiB", "payload", () -> NewEvent.builder().payload(Map.of("s", "y".repeat(900 * 1024))));
        expectStoredOrRejected(outcomes, "payload with NUL escape", "payload", () -> NewEvent.builder().payloadJson("{\"a\":\"x\\u0000y\"}"));
        expectStoredOrRejected(outcomes, "payload with NUL object", "payload", () -> NewEvent.builder().payload(Map.of("a", "x\u0000y")));
        expectStoredOrRejected(outcomes, "payload with unicode", "payload",
                () -> NewEvent.builder().payload(Map.of("u", "\ud83d\ude00 \u00e9 e\u0301 \u2028 '\"\\ %_ \ufeff", "'; DROP TABLE events; --", 1)));
        expectStoredOrRejected(outcomes, "payload SQL-ish JSON", "payload", () -> NewEvent.builder().payloadJson("\"$1'::jsonb; SELECT 1 --\""));
        // jsonb keeps numbers as numeric: the same values, possibly written differently (1e308 comes back as 309 digits)
        expectStoredOrRejected(outcomes, "payload big numbers", "payload", () -> NewEvent.builder().payloadJson("[1e308, -0, 123456789012345678901234567890, 0.1]"),
                HostileArgumentsIntegrationTest::sameNumbers);
        System.out.printf("[fuzz] payloads: %d calls, %d problems%n", outcomes.calls(), outcomes.problems().size());
        outcomes.problems().forEach(p -> System.out.println("[fuzz]   PROBLEM " + p));
        assertThat(outcomes.problems()).isEmpty();
    }

    @Test
    void aBatchWithOneUnstorablePayloadWritesNothing() {
        StreamId stream = StreamId.of("batch-" + UUID.randomUUID(), "fuzz");
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(NewEvent.builder().eventId(UUID.randomUUID()).stream(stream).type("Good").createdBy("fuzzer").payload(Map.of("i", i)).build());
        }
        // Json.trusted skips the parse (meant for adapters); the database is the last line of defence
        batch.add(new NewEvent(UUID.randomUUID(), "Bad", stream, "fuzzer", Json.trusted("{not json"), Json.emptyObject(), 1));
        Outcomes outcomes = new Outcomes();
        Outcomes.Outcome outcome = outcomes.run(() -> store.appendEvents(batch));
        assertThat(outcome.succeeded()).as("append of a batch holding text that is not JSON").isFalse();
        assertThat(outcome.error()).as(Outcomes.describe(outcome)).isInstanceOf(EventStoreException.class);
        assertThat(admin.countIds(batch.stream().map(NewEvent::eventId).toList())).as("events of the failed batch stored").isZero();
        assertThat(store.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).collectList().block(Outcomes.BOUND)).isEmpty();
    }

    @Test
    void hostileLimitsSequencesAndVersionsAreRejectedOrBounded() {
        Outcomes o = new Outcomes();
        StreamId stream = StreamId.of("limits-" + UUID.randomUUID(), "fuzz");
        List<Object> stored = o.expectSuccess("seed events", () -> store.appendEvents(List.of(event(stream, "Seeded"), event(stream, "Seeded"), event(stream, "Seeded"))));
        assertThat(stored).hasSize(3);
        String id = stream.aggregateId();
        String type = stream.aggregateType();

        for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
            o.expectValidation("getEventsByType limit " + limit, "limit", () -> store.getEventsByType("Seeded", limit));
            o.expectValidation("query limit " + limit, "limit", () -> store.queryEvents(EventQuery.builder().limit(limit).build()));
        }
        expectCount(o, "getEventsByType limit MAX", store.getEventsByType("Seeded", Integer.MAX_VALUE).filter(e -> e.stream().equals(stream)), 3);
        expectCount(o, "query limit MAX", store.queryEvents(EventQuery.forStream(stream).toBuilder().limit(Integer.MAX_VALUE).build()), 3);
        o.expectValidation("fromSequence -1", "fromSequence", () -> store.queryEvents(EventQuery.builder().fromSequence(-1L).build()));
        o.expectValidation("toSequence -1", "toSequence", () -> store.queryEvents(EventQuery.builder().toSequence(-1L).build()));
        o.expectValidation("toSequence below fromSequence", "toSequence", () -> store.queryEvents(EventQuery.builder().fromSequence(5L).toSequence(4L).build()));
        expectCount(o, "fromSequence MAX", store.queryEvents(EventQuery.forStream(stream).toBuilder().fromSequence(Long.MAX_VALUE).build()), 0);
        expectCount(o, "toSequence MAX", store.queryEvents(EventQuery.forStream(stream).toBuilder().toSequence(Long.MAX_VALUE).build()), 3);

        o.expectValidation("state at -1", "sequenceNumber", () -> store.getStateAtSequence(id, type, COUNT, -1));
        expectValue(o, "state at MAX", store.getStateAtSequence(id, type, COUNT, Long.MAX_VALUE), 3L);
        expectValue(o, "state at 0", store.getStateAtSequence(id, type, COUNT, 0), 0L);
        o.expectValidation("snapshot at 0", "sequenceNumber", () -> store.createSnapshot(new NewSnapshot(stream, 0, Json.from(0), 1)));
        o.expectValidation("snapshot at MAX", "sequenceNumber", () -> store.createSnapshot(new NewSnapshot(stream, Long.MAX_VALUE, Json.from(1), 1)));
        o.expectValidation("snapshot version 0", "version", () -> store.createSnapshot(new NewSnapshot(stream, 1, Json.from(1), 0)));
        o.expectValidation("prune keep -1", "keep", () -> store.pruneSnapshots(id, type, -1));
        expectValue(o, "prune keep MAX", store.pruneSnapshots(id, type, Integer.MAX_VALUE), 0L);
        o.expectValidation("replayBatches size 0", "batchSize", () -> store.replayBatches(EventQuery.forStream(stream), 0));
        o.expectValidation("replayEventStream size -1", "batchSize", () -> store.replayEventStream(EventQuery.forStream(stream), (e, n) -> Mono.empty(), -1));
        expectCount(o, "replayBatches size MAX", store.replayBatches(EventQuery.forStream(stream), Integer.MAX_VALUE), 1);
        o.expectValidation("rebuild interval 0", "snapshotInterval", () -> store.rebuildWithSnapshots(id, type, COUNT, 0));

        o.expectValidation("event version 0", "version", () -> store.appendEvent(NewEvent.builder().stream(stream).type("T").createdBy("x").version(0).build()));
        o.expectValidation("expected version -2", "expectedVersion", () -> store.appendEvent(event(stream, "Seeded"), ExpectedVersion.exactly(-2)));
        expectConflictWritingNothing(o, "expected version MAX", stream, ExpectedVersion.exactly(Long.MAX_VALUE));
        expectConflictWritingNothing(o, "expected no stream on an existing one", stream, ExpectedVersion.noStream());

        o.expectValidation("position -1", "position", () -> store.subscribeFrom(Position.of(-1, 0), EventFilter.all()));
        o.expectValidation("position text", "position", () -> store.subscribeFrom(Position.parse("'; DROP TABLE events; --"), EventFilter.all()));
        expectCount(o, "subscribeFrom MAX position (2 s)", store.subscribeFrom(Position.of(Long.MAX_VALUE, Long.MAX_VALUE), EventFilter.forStream(stream))
                .take(Duration.ofSeconds(2)), 0);
        expectCount(o, "subscribeFrom BEGINNING (first 3)", store.subscribeFrom(Position.BEGINNING, EventFilter.forStream(stream)).take(3), 3);
        o.expectValidation("getEvent null", "eventId", () -> store.getEvent(null));

        System.out.printf("[fuzz] limits, sequences, versions: %d calls, %d problems%n", o.calls(), o.problems().size());
        o.problems().forEach(p -> System.out.println("[fuzz]   PROBLEM " + p));
        assertThat(o.problems()).isEmpty();
    }

    private static void expectConflictWritingNothing(Outcomes o, String what, StreamId stream, ExpectedVersion expected) {
        NewEvent event = event(stream, "Seeded");
        Outcomes.Outcome outcome = o.run(() -> store.appendEvent(event, expected));
        if (!(outcome.error() instanceof ConcurrencyConflictException)) {
            o.problem(what + ": expected ConcurrencyConflictException, got " + Outcomes.describe(outcome));
        }
        if (admin.countIds(List.of(event.eventId())) != 0) {
            o.problem(what + ": the refused event is stored");
        }
    }

    private static void expectRejected(Outcomes o, String what, String field, Supplier<NewEvent.Builder> builder) {
        o.expectValidation(what, field, () -> store.appendEvent(complete(builder.get(), StreamId.of("p-" + UUID.randomUUID(), "fuzz"))));
    }

    private static void expectStoredOrRejected(Outcomes o, String what, String field, Supplier<NewEvent.Builder> builder) {
        expectStoredOrRejected(o, what, field, builder, Object::equals);
    }

    /** Stored with an identical payload on read-back, or rejected naming {@code field} with nothing written. */
    private static void expectStoredOrRejected(Outcomes o, String what, String field, Supplier<NewEvent.Builder> builder,
            BiPredicate<JsonNode, JsonNode> same) {
        StreamId stream = StreamId.of("p-" + UUID.randomUUID(), "fuzz");
        NewEvent[] built = new NewEvent[1];
        Outcomes.Outcome outcome = o.run(() -> {
            built[0] = complete(builder.get(), stream);
            return store.appendEvent(built[0]);
        });
        if (!outcome.succeeded()) {
            if (!field.equals(outcome.validationField())) {
                o.problem(what + ": expected storage or ValidationException on '" + field + "', got " + Outcomes.describe(outcome));
            }
            if (built[0] != null && admin.countIds(List.of(built[0].eventId())) != 0) {
                o.problem(what + ": rejected but stored");
            }
            return;
        }
        RecordedEvent back = store.getEvent(built[0].eventId()).block(Outcomes.BOUND);
        if (back == null || !same.test(back.payload().node(), built[0].payload().node())) {
            o.problem(what + ": stored, but read back differently");
        }
    }

    private static boolean sameNumbers(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).decimalValue().compareTo(b.get(i).decimalValue()) != 0) {
                return false;
            }
        }
        return true;
    }

    private static NewEvent complete(NewEvent.Builder builder, StreamId stream) {
        return builder.eventId(UUID.randomUUID()).stream(stream).type("Payload").createdBy("fuzzer").build();
    }

    private static void expectCount(Outcomes o, String what, Flux<?> flux, int expected) {
        List<Object> values = o.expectSuccess(what, () -> flux);
        if (values.size() != expected && o.problems().stream().noneMatch(p -> p.startsWith(what))) {
            o.problem(what + ": expected " + expected + " values, got " + values.size());
        }
    }

    private static void expectValue(Outcomes o, String what, Mono<?> mono, Object expected) {
        List<Object> values = o.expectSuccess(what, () -> mono);
        if (!values.equals(List.of(expected)) && o.problems().stream().noneMatch(p -> p.startsWith(what))) {
            o.problem(what + ": expected " + expected + ", got " + values);
        }
    }


    private static Map<String, Object> nestedMap(int depth) {
        Map<String, Object> root = new HashMap<>();
        Map<String, Object> current = root;
        for (int i = 0; i < depth; i++) {
            Map<String, Object> child = new HashMap<>();
            current.put("n", child);
            current = child;
        }
        return root;
    }

    private static String nestedText(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }
}
