package io.github.beatbrackerz.eventstore.error;

import java.util.UUID;

/**
 * An append reused an event id that is already stored for a different event (another stream or
 * type), or a batch mixed stored and new event ids. Nothing was written.
 *
 * <p>An append whose every event id is already stored with the same stream and type is not an
 * error: it completes with the stored events (idempotent retry).
 */
public class DuplicateEventException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** The event id that is already taken. */
    private final UUID eventId;

    /**
     * Creates a duplicate-id failure.
     *
     * @param eventId the event id that is already taken
     * @param detail what the stored event is, for the message
     */
    public DuplicateEventException(UUID eventId, String detail) {
        super("event id " + eventId + " is already stored: " + detail);
        this.eventId = eventId;
    }

    /** @return the event id that is already taken */
    public UUID eventId() {
        return eventId;
    }
}
