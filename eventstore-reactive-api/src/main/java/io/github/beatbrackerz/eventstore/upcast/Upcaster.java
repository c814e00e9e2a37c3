package io.github.beatbrackerz.eventstore.upcast;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.Json;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * Turns the payload of one event type from one schema version into the next: {@code fromVersion}
 * in, {@code fromVersion + 1} out. An {@link Upcasters} registry chains the upcasters of a type, so
 * an event stored in version 1 reaches the current version through every step.
 *
 * <p>The function must be pure, fast and non-blocking: it runs on the thread that delivers the
 * event (a driver or Lettuce event-loop thread), once per event read, for every read. It gets a
 * document of its own, so it may parse it and change the parsed tree without touching the stored
 * (and possibly cached) event. An exception it throws, or a {@code null} it returns, makes the read
 * fail with an {@link io.github.beatbrackerz.eventstore.error.UpcastFailedException}.
 *
 * @param eventType the event type it applies to, as stored
 * @param fromVersion the payload version it reads, 1 or more; it produces {@code fromVersion + 1}
 * @param function the transformation of the payload
 */
public record Upcaster(String eventType, int fromVersion, UnaryOperator<Json> function) {

    /**
     * Validates the upcaster.
     *
     * @param eventType the event type it applies to, as stored
     * @param fromVersion the payload version it reads, 1 or more
     * @param function the transformation of the payload
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code eventType},
     *     {@code fromVersion} or {@code function}) for a blank type, a version below 1 or at the
     *     largest {@code int}, or a null function
     */
    public Upcaster {
        Require.lookupName("eventType", eventType);
        Require.between("fromVersion", fromVersion, 1, Integer.MAX_VALUE - 1);
        Require.notNull("function", function);
    }

    /**
     * An upcaster of the payload document; the same as the constructor.
     *
     * @param eventType the event type it applies to, as stored
     * @param fromVersion the payload version it reads, 1 or more
     * @param function the transformation of the payload; must not return {@code null}
     * @return the upcaster
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException as the constructor
     */
    public static Upcaster of(String eventType, int fromVersion, UnaryOperator<Json> function) {
        return new Upcaster(eventType, fromVersion, function);
    }

    /**
     * An upcaster that works on the payload's JSON tree, for example renaming a field:
     * {@code Upcaster.ofTree("OrderPlaced", 1, tree -> ((ObjectNode) tree).set("total", tree.get("amount")))}.
     * The tree it gets is its own (parsed from the stored text), so it may change it and return it.
     *
     * @param eventType the event type it applies to, as stored
     * @param fromVersion the payload version it reads, 1 or more
     * @param function the transformation of the tree; must not return {@code null}
     * @return the upcaster
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException as the constructor
     */
    public static Upcaster ofTree(String eventType, int fromVersion, UnaryOperator<JsonNode> function) {
        Require.notNull("function", function);
        return new Upcaster(eventType, fromVersion, payload -> {
            JsonNode upcast = function.apply(payload.node());
            return upcast == null ? null : Json.from(upcast);
        });
    }

    /** @return the payload version it produces, {@code fromVersion + 1} */
    public int toVersion() {
        return fromVersion + 1;
    }
}
