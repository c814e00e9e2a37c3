package io.github.beatbrackerz.eventstore.internal;

import io.github.beatbrackerz.eventstore.error.ValidationException;

/**
 * What PostgreSQL can store, in one home: the length of names ({@code varchar(255)}), what
 * {@code text} holds, and what {@code jsonb} holds. The model checks these once, when a value to
 * store is made ({@code StreamId.of}, {@code NewEvent}, {@code NewSnapshot}, through {@link
 * Require}), so adapters do not scan again. Every storage adapter stores at least what these
 * allow; the in-memory store refuses the same values, so code tested against it runs unchanged
 * against PostgreSQL.
 */
public final class StorageLimits {

    /** The longest id, type or name accepted, in characters (the seed schema's {@code VARCHAR(255)}). */
    public static final int MAX_NAME_LENGTH = 255;

    private StorageLimits() {
    }

    /**
     * Checks that a string can be stored as PostgreSQL text: no NUL and no unpaired surrogate.
     *
     * @param field the field name for the message
     * @param value the value
     * @return the value
     */
    public static String text(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                throw new ValidationException(field, "must not contain the NUL character (\\u0000)");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new ValidationException(field, "must not contain an unpaired surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new ValidationException(field, "must not contain an unpaired surrogate at index " + i);
            }
        }
        return value;
    }


    /**
     * Checks the JSON escapes that PostgreSQL {@code jsonb} rejects: the NUL escape (backslash,
     * {@code u0000}) and unpaired UTF-16 surrogate escapes. Escapes are consumed pairwise, so an
     * escaped backslash followed by {@code u0000} is ordinary text. Raw NUL characters and unpaired
     * surrogates are rejected too.
     *
     * @param field the field name for the error, for example {@code payload}
     * @param text JSON text
     * @return the text
     * @throws ValidationException naming the field if {@code jsonb} cannot hold the text
     */
    public static String jsonb(String field, String text) {
        text(field, text);
        int i = text.indexOf('\\');
        while (i >= 0 && i + 1 < text.length()) {
            if (text.charAt(i + 1) != 'u') {
                i = text.indexOf('\\', i + 2);
                continue;
            }
            int unit = hex(text, i + 2);
            if (unit == 0) {
                throw new ValidationException(field, "must not contain the \\u0000 escape (PostgreSQL jsonb cannot store it)");
            }
            boolean pairedHigh = Character.isHighSurrogate((char) unit)
                    && text.startsWith("\\u", i + 6)
                    && Character.isLowSurrogate((char) hex(text, i + 8));
            if (pairedHigh) {
                i = text.indexOf('\\', i + 12);
            } else if (Character.isSurrogate((char) unit)) {
                throw new ValidationException(field, "must not contain an unpaired surrogate escape at index " + i);
            } else {
                i = text.indexOf('\\', i + 6);
            }
        }
        return text;
    }

    /** The value of four hex digits at {@code from}, or -1 when they are not there. */
    private static int hex(String text, int from) {
        if (from + 4 > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
