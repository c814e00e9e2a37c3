package io.github.beatbrackerz.eventstore.examples.orders.domain;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import org.jspecify.annotations.Nullable;

/** Argument checks that fail fast with the event store's {@link ValidationException}, naming the field. */
final class Checks {

    private static final int MAX_TEXT = 200;

    private Checks() {
    }

    static String text(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "must not be blank");
        }
        if (value.length() > MAX_TEXT) {
            throw new ValidationException(field, "must be at most " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    static long between(String field, @Nullable Number value, long min, long max) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        long number = value.longValue();
        if (number < min || number > max) {
            throw new ValidationException(field, "must be between " + min + " and " + max + ", was " + number);
        }
        return number;
    }
}
