package io.github.beatbrackerz.eventstore.upcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.UpcastFailedException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The registry's rules and the upcast of one event, as pure logic. */
class UpcastersTest {

    /** Text that is not JSON: parsing it throws, so a read that returns it did not parse it. */
    private static final Json UNPARSABLE = Json.trusted("{not json");

    private static RecordedEvent stored(String type, int version, Json payload) {
        return new RecordedEvent(UUID.randomUUID(), type, StreamId.of("o-1", "order"), 1, version, payload,
                Json.parse("{\"source\":\"test\"}"), Instant.parse("2026-01-01T00:00:00Z"), "test", Position.of(5, 7));
    }

    private static Upcaster appending(String type, int from) {
        return Upcaster.ofTree(type, from, tree -> ((ArrayNode) tree).add(from));
    }

    private static void rejects(String field, String message, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e).hasMessageContaining(message);
        });
    }

    @Test
    void theStepsOfATypeRunInVersionOrderWhateverTheRegistrationOrder() {
        Upcasters upcasters = Upcasters.of(appending("A", 3), appending("A", 1), appending("A", 2), appending("B", 1));
        assertThat(upcasters.currentVersion("A")).isEqualTo(OptionalInt.of(4));
        assertThat(upcasters.currentVersion("B")).isEqualTo(OptionalInt.of(2));
        assertThat(upcasters.currentVersion("C")).isEmpty();

        RecordedEvent old = stored("A", 1, Json.parse("[]"));
        RecordedEvent upcast = upcasters.upcast(old);
        assertThat(upcast.payload()).isEqualTo(Json.parse("[1,2,3]"));
        assertThat(upcast.version()).isEqualTo(4);
        assertThat(upcast).usingRecursiveComparison().ignoringFields("payload", "version").isEqualTo(old);
        assertThat(upcasters.upcast(stored("A", 3, Json.parse("[]"))).payload()).isEqualTo(Json.parse("[3]"));
    }

    @Test
    void anEventNoUpcasterAppliesToIsReturnedAsItIsAndNotParsed() {
        Upcasters upcasters = Upcasters.of(appending("A", 2), appending("A", 3));
        for (RecordedEvent event : List.of(stored("B", 1, UNPARSABLE), stored("A", 1, UNPARSABLE), stored("A", 4, UNPARSABLE),
                stored("A", 9, UNPARSABLE))) {
            assertThat(upcasters.upcast(event)).isSameAs(event);
        }
        assertThat(Upcasters.none().upcast(stored("A", 2, UNPARSABLE)).payload().text()).isEqualTo("{not json");
        // the same unparsable payload where an upcaster applies: it parses, and the failure names the event
        RecordedEvent applies = stored("A", 2, UNPARSABLE);
        assertThatThrownBy(() -> upcasters.upcast(applies)).isInstanceOfSatisfying(UpcastFailedException.class, e -> {
            assertThat(e.eventId()).isEqualTo(applies.id());
            assertThat(e.fromVersion()).isEqualTo(2);
            assertThat(e).hasCauseInstanceOf(JacksonException.class).hasMessageNotContaining("not json");
        });
    }

    @Test
    void aFailureInALaterStepNamesTheStepAndTheStoredVersion() {
        Upcasters upcasters = Upcasters.of(appending("A", 1), Upcaster.of("A", 2, json -> {
            throw new IllegalArgumentException("no");
        }));
        RecordedEvent event = stored("A", 1, Json.parse("[]"));
        assertThatThrownBy(() -> upcasters.upcast(event)).isInstanceOfSatisfying(UpcastFailedException.class, e -> {
            assertThat(e.storedVersion()).isEqualTo(1);
            assertThat(e.fromVersion()).isEqualTo(2);
            assertThat(e.eventType()).isEqualTo("A");
            assertThat(e).hasMessage("event " + event.id() + " of type A (stored in version 1) could not be upcast from version 2 to 3:"
                    + " the upcaster threw java.lang.IllegalArgumentException");
        });
    }

    @Test
    void anUpcasterThatChangesItsTreeLeavesTheStoredEventAsItWas() {
        Json payload = Json.parse("{\"amount\":5}");
        RecordedEvent event = stored("A", 1, payload);
        Upcasters upcasters = Upcasters.of(Upcaster.ofTree("A", 1, tree -> ((ObjectNode) tree).put("amount", 6)));
        assertThat(upcasters.upcast(event).payload()).isEqualTo(Json.parse("{\"amount\":6}"));
        assertThat(event.payload().node().get("amount").asInt()).isEqualTo(5);
        assertThat(event.payload().text()).isEqualTo("{\"amount\":5}");
    }

    @Test
    void theRegistryRefusesDuplicatesGapsAndNulls() {
        rejects("upcasters", "two upcasters of type A from version 2", () -> Upcasters.of(appending("A", 2), appending("A", 2)));
        rejects("upcasters", "a gap for type A: an upcaster from version 4 but none from version 2",
                () -> Upcasters.of(appending("A", 1), appending("A", 4)));
        rejects("upcasters", "must not be null", () -> Upcasters.of(appending("A", 1), null));
        rejects("upcasters", "must not be null", () -> Upcasters.of((List<Upcaster>) null));
        assertThat(Upcasters.of()).isSameAs(Upcasters.none());
        assertThat(Upcasters.none().isEmpty()).isTrue();
    }

    @Test
    void anUpcasterNeedsATypeAVersionAndAFunction() {
        rejects("eventType", "must not be blank", () -> Upcaster.of(" ", 1, json -> json));
        rejects("fromVersion", "", () -> Upcaster.of("A", 0, json -> json));
        rejects("fromVersion", "", () -> Upcaster.of("A", Integer.MAX_VALUE, json -> json));
        rejects("function", "must not be null", () -> Upcaster.of("A", 1, null));
        rejects("function", "must not be null", () -> Upcaster.ofTree("A", 1, null));
        assertThat(Upcaster.of("A", 1, json -> json).toVersion()).isEqualTo(2);
    }

    @Test
    void applyingNoUpcastersLeavesTheStoreAsItIs() {
        EventStore store = InMemoryEventStore.create();
        assertThat(Upcasters.none().applyTo(store)).isSameAs(store);
        assertThat(Upcasters.of(appending("A", 1)).applyTo(store)).isNotSameAs(store);
        rejects("store", "must not be null", () -> Upcasters.none().applyTo(null));
    }
}
