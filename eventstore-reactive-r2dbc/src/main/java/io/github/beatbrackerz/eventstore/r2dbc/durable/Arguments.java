package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the durable subscription stores; each names the rejected field. */
final class Arguments {

    /** The longest subscription name, owner or member id. */
    static final int MAX_NAME_LENGTH = 200;
    /** The most segments a subscription may have. */
    static final int MAX_SEGMENTS = 1024;

    private static final Duration MAX_TIME = Duration.ofDays(1);

    private Arguments() {
    }

    static <T> T required(String field, @Nullable T value) {
        if (value == null) {
            throw new ValidationException(field, "must not be null");
        }
        return value;
    }

    /** @return the name, checked: not blank, at most {@value #MAX_NAME_LENGTH} characters */
    static String name(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "must not be blank");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new ValidationException(field, "must not be longer than " + MAX_NAME_LENGTH + " characters");
        }
        return value;
    }

    /** @return the text, cut to {@code max} characters */
    static String text(String field, @Nullable String value, int max) {
        String text = required(field, value);
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** @return the duration in milliseconds, checked: from 1 ms to 1 day */
    static long millis(String field, @Nullable Duration value) {
        Duration duration = required(field, value);
        if (duration.toMillis() < 1 || duration.compareTo(MAX_TIME) > 0) {
            throw new ValidationException(field, "must be from 1 ms to 1 day, was " + duration);
        }
        return duration.toMillis();
    }

    static int segmentCount(int value) {
        if (value < 1 || value > MAX_SEGMENTS) {
            throw new ValidationException("segmentCount", "must be from 1 to " + MAX_SEGMENTS + ", was " + value);
        }
        return value;
    }

    static int positive(String field, int value) {
        if (value < 1) {
            throw new ValidationException(field, "must be positive, was " + value);
        }
        return value;
    }
}
