package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import java.util.Locale;
import java.util.function.Supplier;

/** Runs the library's own validation while properties bind, and names the property in its message. */
final class PropertyCheck {

    private PropertyCheck() {
    }

    /**
     * @param property the full property name, for example {@code eventstore.page-size}
     * @param check builds or validates a value with the library's rules
     * @param <T> the built value
     * @return what {@code check} returned
     * @throws IllegalArgumentException naming the property, if the library rejected the value
     */
    static <T> T named(String property, Supplier<T> check) {
        try {
            return check.get();
        } catch (ValidationException e) {
            throw new IllegalArgumentException(property + reason(e), e);
        }
    }

    /**
     * @param prefix the properties' common prefix, for example {@code eventstore.subscriptions.}
     * @param check builds a value whose cross-field rules name a field in camel case
     * @param <T> the built value
     * @return what {@code check} returned
     * @throws IllegalArgumentException naming the property of the rejected field
     */
    static <T> T byField(String prefix, Supplier<T> check) {
        try {
            return check.get();
        } catch (ValidationException e) {
            throw new IllegalArgumentException(prefix + kebab(e.field()) + reason(e), e);
        }
    }

    private static String reason(ValidationException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith(e.field()) ? message.substring(e.field().length()) : " " + message;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
