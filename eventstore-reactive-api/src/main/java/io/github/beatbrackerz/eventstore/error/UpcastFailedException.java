package io.github.beatbrackerz.eventstore.error;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stored event could not be brought to its current schema version: an upcaster threw, or
 * returned {@code null}. The read that met the event fails with it (a live or catch-up
 * subscription ends with it); the stored event is unchanged. Not retryable: the same upcaster
 * fails the same way on the same event until it is fixed.
 */
public class UpcastFailedException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** The id of the event that could not be upcast. */
    private final UUID eventId;
    /** Its type. */
    private final String eventType;
    /** The version it is stored in. */
    private final int storedVersion;
    /** The version the failing upcaster reads. */
    private final int fromVersion;

    /**
     * Creates an upcast failure. The message names the event, not its payload, and only the
     * class of the cause: a cause's message may quote payload content.
     *
     * @param eventId the event's id
     * @param eventType the event's type
     * @param storedVersion the version the event is stored in
     * @param fromVersion the version the failing upcaster reads
     * @param cause what the upcaster threw, or {@code null} when it returned {@code null}
     */
    public UpcastFailedException(UUID eventId, String eventType, int storedVersion, int fromVersion, @Nullable Throwable cause) {
        super("event " + eventId + " of type " + eventType + " (stored in version " + storedVersion
                + ") could not be upcast from version " + fromVersion + " to " + (fromVersion + 1) + ": the upcaster "
                + (cause == null ? "returned null" : "threw " + cause.getClass().getName()), cause);
        this.eventId = eventId;
        this.eventType = eventType;
        this.storedVersion = storedVersion;
        this.fromVersion = fromVersion;
    }

    /** @return the id of the event that could not be upcast */
    public UUID eventId() {
        return eventId;
    }

    /** @return its type */
    public String eventType() {
        return eventType;
    }

    /** @return the version it is stored in */
    public int storedVersion() {
        return storedVersion;
    }

    /** @return the version the failing upcaster reads (the stored one, or a later step of the chain) */
    public int fromVersion() {
        return fromVersion;
    }
}
