package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.Position;
import java.util.UUID;

/**
 * An event to park: one that failed its handler too often.
 *
 * @param position the event's position
 * @param eventId the event's id
 * @param error what the last failure said, cut to {@value #MAX_ERROR_LENGTH} characters
 * @param attempts how many times the handler failed on it
 */
public record DeadLetter(Position position, UUID eventId, String error, int attempts) {

    /** The longest error text kept; longer texts (stack traces) are cut. */
    public static final int MAX_ERROR_LENGTH = 8000;

    /**
     * Validates the parts and cuts the error text.
     *
     * @throws ValidationException (field {@code position}, {@code eventId}, {@code error} or
     *     {@code attempts}) when a part is missing or {@code attempts} is negative
     */
    public DeadLetter {
        Arguments.required("position", position);
        Arguments.required("eventId", eventId);
        error = Arguments.text("error", error, MAX_ERROR_LENGTH);
        if (attempts < 0) {
            throw new ValidationException("attempts", "must not be negative, was " + attempts);
        }
    }
}
