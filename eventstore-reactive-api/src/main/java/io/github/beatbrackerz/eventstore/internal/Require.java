package io.github.beatbrackerz.eventstore.internal;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks that throw {@link ValidationException} naming the field.
 */
public final class Require {

    private Require() {
    }

    /**
     * Checks a non-null value.
     *
     * @param field the field name for the message
     * @param value the value
     * @param <T> its type
     * @return the value
     */
    public static <T> T notNull(String field, @Nullable T value) {
        if (value == null) {
            throw new ValidationException(field, "must not be null");
        }
        return value;
    }

    /**
     * Checks an id, type or name to be written (the write rule): not blank, at most {@value
     * StorageLimits#MAX_NAME_LENGTH} characters (UTF-16 units), no NUL character and no unpaired surrogate
     * (PostgreSQL text cannot hold either).
     *
     * @param field the field name for the message
     * @param value the value
     * @return the value
     */
    public static String name(String field, @Nullable String value) {
        notBlank(field, value);
        if (value.length() > StorageLimits.MAX_NAME_LENGTH) {
            throw new ValidationException(field, "must be at most " + StorageLimits.MAX_NAME_LENGTH + " characters, was " + value.length());
        }
        return StorageLimits.text(field, value);
    }

    /**
     * Checks an aggregate id that names stored events (the read rule): not blank and storable
     * text, of any length, since its column is {@code text} and other programs may have written
     * ids longer than {@link #name} allows.
     *
     * @param field the field name for the message
     * @param value the value
     * @return the value
     */
    public static String lookupId(String field, @Nullable String value) {
        notBlank(field, value);
        return StorageLimits.text(field, value);
    }

    /**
     * Checks a type or aggregate type that names stored events (the read rule): as {@link
     * #lookupId}, and at most {@value StorageLimits#MAX_NAME_LENGTH} characters counted as PostgreSQL's {@code
     * varchar(255)} counts them (code points), so a name of up to 510 UTF-16 units that another
     * program stored can be named, while a longer one, which no row can hold, is refused.
     *
     * @param field the field name for the message
     * @param value the value
     * @return the value
     */
    public static String lookupName(String field, @Nullable String value) {
        lookupId(field, value);
        int characters = value.codePointCount(0, value.length());
        if (characters > StorageLimits.MAX_NAME_LENGTH) {
            throw new ValidationException(field, "must be at most " + StorageLimits.MAX_NAME_LENGTH + " characters, was " + characters);
        }
        return value;
    }

    private static String notBlank(String field, @Nullable String value) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new ValidationException(field, "must not be blank");
        }
        return value;
    }

    /**
     * Checks a positive number.
     *
     * @param field the field name for the message
     * @param value the value
     * @return the value
     */
    public static long positive(String field, long value) {
        if (value <= 0) {
            throw new ValidationException(field, "must be positive, was " + value);
        }
        return value;
    }

    /**
     * Checks a number that is zero or more.
     *
     * @param field the field name for the message
     * @param value the value
     * @return the value
     */
    public static long notNegative(String field, long value) {
        if (value < 0) {
            throw new ValidationException(field, "must not be negative, was " + value);
        }
        return value;
    }

    /**
     * Checks a number within bounds.
     *
     * @param field the field name for the message
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     */
    public static int between(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ValidationException(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
