package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.StorageLimits;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON document kept as text, parsed only when somebody asks for its content.
 *
 * <p>Payloads, metadata and snapshot states travel as JSON text between PostgreSQL, Redis and the
 * caller; keeping the text avoids parsing on hot paths such as replay and cache fills. Equality
 * compares the parsed trees, so formatting differences do not matter.
 */
public final class Json {

    private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.shared();
    private static final Json EMPTY_OBJECT = new Json("{}");

    private final String text;
    private volatile @Nullable JsonNode node;
    private volatile boolean jsonbChecked;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses and validates JSON text.
     *
     * @param text JSON text
     * @return the document
     * @throws ValidationException (field {@code json}) if the text is null or not JSON
     */
    public static Json parse(@Nullable String text) {
        return parse("json", text);
    }

    /**
     * Parses and validates JSON text, naming the field in the error.
     *
     * @param field the field name for the error, for example {@code payload}
     * @param text JSON text
     * @return the document
     * @throws ValidationException naming {@code field} if the text is null or not JSON
     */
    public static Json parse(String field, @Nullable String text) {
        if (text == null) {
            throw new ValidationException(field, "must not be null");
        }
        Json json = new Json(text);
        try {
            json.node = DEFAULT_MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new ValidationException(field, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (json.node == null || json.node.isMissingNode()) {
            throw new ValidationException(field, "is not valid JSON: empty document");
        }
        return json;
    }

    /**
     * Checks that PostgreSQL {@code jsonb} can hold this document ({@link StorageLimits#jsonb}),
     * scanning it once: later calls, for example when an event gets its id, return at once.
     */
    Json requireJsonb(String field) {
        if (!jsonbChecked) {
            StorageLimits.jsonb(field, text);
            jsonbChecked = true;
        }
        return this;
    }

    /**
     * A top-level member's value as text, as PostgreSQL's {@code ->>} gives it for a string,
     * number or boolean; {@code null} when the member is absent or JSON {@code null}, an object or
     * an array, or when the document is no object. Of duplicate names the last counts, as in
     * {@code jsonb}. Parses no more than needed: the kept tree when there is one, nothing when
     * the text cannot hold the name, otherwise one streaming pass that skips nested values.
     */
    @Nullable String member(String name) {
        JsonNode tree = node;
        if (tree != null) {
            JsonNode value = tree.get(name);
            return value == null || !value.isValueNode() || value.isNull() ? null : value.asString();
        }
        if (!mayContain(name)) {
            return null;
        }
        try (JsonParser parser = DEFAULT_MAPPER.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String found = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean wanted = name.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    found = value.isScalarValue() && value != JsonToken.VALUE_NULL ? parser.getString() : null;
                }
                parser.skipChildren();
            }
            return found;
        }
    }

    /**
     * Whether a top-level member holds exactly this text ({@link #member}). Answers {@code false}
     * without parsing when the text, having no escape, does not contain the value.
     */
    boolean memberEquals(String name, String value) {
        return mayContain(value) && value.equals(member(name));
    }

    /** {@code false} only when the text certainly holds no string equal to {@code value}: it has no escape and does not contain it. */
    boolean mayContain(String value) {
        return node != null || text.indexOf('\\') >= 0 || text.contains(value);
    }

    /**
     * Wraps JSON text that is known to be valid, without parsing it. For adapters reading what
     * they stored; callers with untrusted text use {@link #parse(String)}.
     *
     * @param text valid JSON text
     * @return the document
     */
    public static Json trusted(String text) {
        return new Json(Objects.requireNonNull(text, "text"));
    }

    /**
     * Serializes a value with the default mapper. A {@code Json} is returned as it is, a
     * {@link JsonNode} is written out, anything else goes through Jackson data binding.
     *
     * @param value a JSON-serializable value
     * @return the document
     * @throws ValidationException (field {@code json}) if the value cannot be serialized
     */
    public static Json from(@Nullable Object value) {
        return from(value, DEFAULT_MAPPER);
    }

    /**
     * Serializes a value with the given mapper.
     *
     * @param value a JSON-serializable value
     * @param mapper the mapper to use
     * @return the document
     * @throws ValidationException (field {@code json}) if the value cannot be serialized
     */
    public static Json from(@Nullable Object value, ObjectMapper mapper) {
        if (value instanceof Json json) {
            return json;
        }
        if (value == null) {
            throw new ValidationException("json", "must not be null");
        }
        try {
            Json json = new Json(mapper.writeValueAsString(value));
            if (value instanceof JsonNode tree) {
                json.node = tree;
            }
            return json;
        } catch (JacksonException e) {
            throw new ValidationException("json", "cannot be serialized: " + e.getOriginalMessage());
        }
    }

    /**
     * The empty object {@code {}}, the default payload and metadata.
     *
     * @return the empty object
     */
    public static Json emptyObject() {
        return EMPTY_OBJECT;
    }

    /**
     * The JSON text, as stored.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * The parsed tree, parsed on first call and kept.
     *
     * @return the tree
     */
    public JsonNode node() {
        JsonNode current = node;
        if (current == null) {
            current = DEFAULT_MAPPER.readTree(text);
            node = current;
        }
        return current;
    }

    /**
     * Converts the document to a type with the default mapper.
     *
     * @param type the target type
     * @param <T> the target type
     * @return the converted value
     * @throws tools.jackson.core.JacksonException if the document does not fit the type
     */
    public <T> T as(Class<T> type) {
        return as(type, DEFAULT_MAPPER);
    }

    /**
     * Converts the document to a type with the given mapper.
     *
     * @param type the target type
     * @param mapper the mapper to use
     * @param <T> the target type
     * @return the converted value
     * @throws tools.jackson.core.JacksonException if the document does not fit the type
     */
    public <T> T as(Class<T> type, ObjectMapper mapper) {
        return mapper.readValue(text, type);
    }

    /**
     * Converts the document to a generic type with the default mapper.
     *
     * @param type the target type, for example {@code new TypeReference<Map<String, Object>>() {}}
     * @param <T> the target type
     * @return the converted value
     */
    public <T> T as(TypeReference<T> type) {
        return DEFAULT_MAPPER.readValue(text, type);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Json that)) {
            return false;
        }
        return text.equals(that.text) || node().equals(that.node());
    }

    @Override
    public int hashCode() {
        return node().hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
