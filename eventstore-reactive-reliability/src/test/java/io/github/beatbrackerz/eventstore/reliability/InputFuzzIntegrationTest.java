package io.github.beatbrackerz.eventstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seeded, bounded fuzz of the public API's names (aggregate id and type, event type, created-by):
 * every hostile value is either stored and matched literally (by id, by stream through the Redis
 * cache, by query, by type, and never matching a LIKE/glob look-alike) or rejected with a
 * {@link io.github.beatbrackerz.eventstore.error.ValidationException} naming the field. Never a
 * driver exception, a hang, or a partial write. Seed: {@code -Dfuzz.seed=N} (printed).
 * Payloads, limits and sequences: {@link HostileArgumentsIntegrationTest}.
 */
class InputFuzzIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final int ITERATIONS = 150;
    private static final String[] FIELDS = {"aggregateId", "aggregateType", "type", "createdBy"};

    private static RedisEventCache cache;
    private static EventStore store;
    private static io.r2dbc.pool.ConnectionPool pool;

    @BeforeAll
    static void start() {
        cache = RedisEventCaches.standalone(RedisTestServer.standalone(), RedisCacheOptions.builder()
                .keyPrefix(RedisTestServer.uniquePrefix(InputFuzzIntegrationTest.class)).build());
        pool = PrivatePool.create(DB.server(), PrivatePool.uniqueName("es-fuzz"), 4, null);
        store = R2dbcEventStores.builder(pool).schema(DB.schema()).cache(cache).build();
    }

    @AfterAll
    static void stop() {
        store.clearCache().then(store.close()).then(cache.close()).block(Duration.ofSeconds(30));
        pool.disposeLater().block(Duration.ofSeconds(30));
    }

    @Test
    void hostileNamesAreStoredAndMatchedLiterallyOrRejectedNamingTheField() {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        System.out.println("[fuzz] seed=" + seed + " (repeat with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        HostileStrings hostile = new HostileStrings(random);
        Outcomes outcomes = new Outcomes();
        int stored = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String field = FIELDS[random.nextInt(FIELDS.length)];
            String value = i < HostileStrings.FIXED.size() ? HostileStrings.FIXED.get(i) : hostile.next();
            String what = field + "=" + HostileStrings.show(value);
            String unique = "f" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            NewEvent event;
            try {
                event = event(field, value, unique);
            } catch (RuntimeException e) {
                if (!(e instanceof io.github.beatbrackerz.eventstore.error.ValidationException v) || !v.field().equals(field)) {
                    outcomes.problem(what + ": building the event threw " + e);
                } else if (HostileStrings.valid(value)) {
                    outcomes.problem(what + ": a valid value was rejected: " + e.getMessage());
                }
                rejected++;
                continue;
            }
            if (!HostileStrings.valid(value)) {
                outcomes.expectValidation(what + " (accepted by the builder)", field, () -> store.appendEvent(event));
                rejected++;
                continue;
            }
            if (outcomes.expectSuccess(what + " append", () -> store.appendEvent(event)).isEmpty()) {
                continue;
            }
            stored++;
            checkLiteral(outcomes, what, event);
            String decoy = HostileStrings.decoyFor(value);
            if (!decoy.equals(value) && HostileStrings.valid(decoy)) {
                NewEvent lookalike = event(field, decoy, unique);
                outcomes.expectSuccess(what + " decoy append", () -> store.appendEvent(lookalike));
                checkLiteral(outcomes, what + " beside its decoy", event);
                checkLiteral(outcomes, what + " decoy", lookalike);
            }
        }
        System.out.printf("[fuzz] names: %d iterations, %d stored and matched literally, %d rejected, %d calls, %d problems%n",
                ITERATIONS, stored, rejected, outcomes.calls(), outcomes.problems().size());
        outcomes.problems().forEach(p -> System.out.println("[fuzz]   PROBLEM " + p));
        assertThat(outcomes.problems()).isEmpty();
        assertThat(stored).isPositive();
        assertThat(rejected).isPositive();
    }

    /** Every way of reading the event finds it with exactly its strings, and finds nothing that only looks like it. */
    private static void checkLiteral(Outcomes outcomes, String what, NewEvent event) {
        List<Object> byId = outcomes.expectSuccess(what + " getEvent", () -> store.getEvent(event.eventId()));
        expectExactly(outcomes, what + " getEvent", byId, event, true);
        for (int pass = 0; pass < 2; pass++) {
            List<Object> stream = outcomes.expectSuccess(what + " getAggregateEvents", () -> store.getAggregateEvents(event.aggregateId(), event.aggregateType()));
            expectExactly(outcomes, what + " getAggregateEvents (pass " + pass + ", the second may come from Redis)", stream, event, false);
        }
        EventQuery query = EventQuery.builder().aggregateType(event.aggregateType()).aggregateId(event.aggregateId()).type(event.type()).build();
        expectExactly(outcomes, what + " queryEvents", outcomes.expectSuccess(what + " queryEvents", () -> store.queryEvents(query)), event, false);
        List<Object> byType = outcomes.expectSuccess(what + " getEventsByType", () -> store.getEventsByType(event.type(), 10_000));
        for (Object o : byType) {
            if (!((RecordedEvent) o).type().equals(event.type())) {
                outcomes.problem(what + " getEventsByType returned type " + HostileStrings.show(((RecordedEvent) o).type()));
                break;
            }
        }
        if (byType.stream().noneMatch(o -> ((RecordedEvent) o).id().equals(event.eventId()))) {
            outcomes.problem(what + " getEventsByType did not return the event");
        }
    }

    private static void expectExactly(Outcomes outcomes, String what, List<Object> found, NewEvent event, boolean single) {
        boolean present = false;
        for (Object o : found) {
            RecordedEvent e = (RecordedEvent) o;
            if (!e.aggregateId().equals(event.aggregateId()) || !e.aggregateType().equals(event.aggregateType())
                    || (single && (!e.type().equals(event.type()) || !e.createdBy().equals(event.createdBy())))) {
                outcomes.problem(what + " returned a non-literal match: " + HostileStrings.show(e.aggregateType() + "/" + e.aggregateId()));
                return;
            }
            if (e.id().equals(event.eventId())) {
                present = true;
                if (!e.type().equals(event.type()) || !e.createdBy().equals(event.createdBy()) || !e.payload().equals(event.payload())) {
                    outcomes.problem(what + " returned the event with different strings");
                }
            }
        }
        if (!present) {
            outcomes.problem(what + " did not return the event");
        }
    }

    private static NewEvent event(String field, String value, String unique) {
        NewEvent.Builder builder = NewEvent.builder().eventId(UUID.randomUUID())
                .aggregateId(field.equals("aggregateId") ? value : "id-" + unique)
                .aggregateType(field.equals("aggregateType") ? value : "type-" + unique)
                .type(field.equals("type") ? value : "Fuzzed")
                .createdBy(field.equals("createdBy") ? value : "fuzzer")
                .payload(java.util.Map.of("tag", unique));
        return builder.build();
    }
}
