package io.github.beatbrackerz.eventstore.examples.orders.web;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import org.jspecify.annotations.Nullable;

/** Reads the expected version of a command from its {@code If-Match} header, the ETag of the order's last read. */
final class IfMatch {

    static final String HEADER = "If-Match";

    private IfMatch() {
    }

    /**
     * @param header the header's value, for example {@code "3"} (quotes optional, {@code W/} allowed)
     * @return the version, 0 or more
     * @throws ValidationException (field {@code If-Match}) if missing or not a version
     */
    static long expectedVersion(@Nullable String header) {
        if (header == null || header.isBlank()) {
            throw new ValidationException(HEADER, "is required: send the ETag of the order's last read, for example \"3\"");
        }
        String tag = header.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            long version = Long.parseLong(tag);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below, like a negative number
        }
        throw new ValidationException(HEADER, "must be an order version such as \"3\", was " + abbreviate(header));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
