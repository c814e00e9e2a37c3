package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;

/**
 * Checks JSON text against what PostgreSQL {@code jsonb} cannot store: the NUL character, raw or
 * as its JSON escape (backslash, u, 0000), and unpaired surrogates. Rejecting them here gives a
 * {@link ValidationException} naming the field instead of a driver error.
 */
final class JsonbText {

    private JsonbText() {
    }

    /**
     * @param field the field name for the error, for example {@code payload}
     * @param json JSON text
     * @return the text
     * @throws ValidationException if {@code jsonb} cannot hold it
     */
    static String requireStorable(String field, String json) {
        Require.text(field, json);
        for (int i = json.indexOf('\\'); i >= 0 && i < json.length(); i = json.indexOf('\\', i)) {
            if (json.startsWith("u0000", i + 1)) {
                throw new ValidationException(field, "must not contain the NUL character (\\u0000): PostgreSQL jsonb cannot store it");
            }
            i += 2;
        }
        return json;
    }
}
