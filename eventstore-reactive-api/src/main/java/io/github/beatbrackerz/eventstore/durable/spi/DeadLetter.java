package io.github.beatbrackerz.eventstore.durable.spi;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
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
     * @param position the event's position
     * @param eventId the event's id
     * @param error what the last failure said, cut to {@value #MAX_ERROR_LENGTH} characters
     * @param attempts how many times the handler failed on it
     * @throws ValidationException (field {@code position}, {@code eventId}, {@code error} or
     *     {@code attempts}) when a part is missing or {@code attempts} is negative
     */
    public DeadLetter {
        Require.notNull("position", position);
        Require.notNull("eventId", eventId);
        error = cut(Require.notNull("error", error));
        if (attempts < 0) {
            throw new ValidationException("attempts", "must not be negative, was " + attempts);
        }
    }

    /**
     * Makes a failure's text storable: NUL characters and unpaired surrogates (which PostgreSQL text
     * cannot hold) become U+FFFD, and the text is cut to {@value #MAX_ERROR_LENGTH} characters.
     *
     * @param text any text, for example an exception's message
     * @return the storable text
     */
    public static String cut(String text) {
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_ERROR_LENGTH));
        for (int i = 0; i < text.length() && clean.length() < MAX_ERROR_LENGTH; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair && clean.length() + 2 <= MAX_ERROR_LENGTH) {
                clean.append(c).append(text.charAt(++i));
            } else if (pair || c == '\u0000' || Character.isSurrogate(c)) {
                clean.append('\uFFFD');
                i += pair ? 1 : 0;
            } else {
                clean.append(c);
            }
        }
        return clean.toString();
    }
}
