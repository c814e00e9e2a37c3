package io.github.beatbrackerz.eventstore.redis.internal;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Streaming JSON helpers shared by the envelopes. Raw JSON documents (payload, metadata, state)
 * are written last, with their lengths in the header, so a reader slices them off the end of the
 * text instead of tokenizing them.
 */
final class Envelopes {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Envelopes() {
    }

    static String write(int sizeHint, Consumer<JsonGenerator> body) {
        StringWriter out = new StringWriter(sizeHint);
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            generator.writeStartObject();
            body.accept(generator);
            generator.writeEndObject();
        }
        return out.toString();
    }

    /**
     * Opens a parser positioned inside the envelope's object. Reading from a {@link StringReader}
     * keeps Jackson from copying the whole text, raw tail included, into its buffer.
     */
    static JsonParser open(String text) {
        JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), new StringReader(text));
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            parser.close();
            throw new EnvelopeException("not an envelope object");
        }
        return parser;
    }

    /**
     * Cuts a raw JSON value written as {@code ,"name":<value>} that ends {@code endExclusive}.
     *
     * @return the value's text
     */
    static String rawBefore(String text, int endExclusive, String name, int length) {
        int start = endExclusive - length;
        String label = "\"" + name + "\":";
        int labelStart = start - label.length();
        if (length <= 0 || labelStart < 1 || !text.startsWith(label, labelStart)) {
            throw new EnvelopeException("raw field " + name + " is not where its length says");
        }
        return text.substring(start, endExclusive);
    }

    /**
     * Reads a creation time written as epoch seconds and nanoseconds or, by older versions, as
     * ISO-8601 text.
     *
     * @return the instant, or null when the envelope has neither form
     */
    static @Nullable Instant instant(boolean hasSeconds, long seconds, int nanos, @Nullable String text) {
        if (hasSeconds) {
            if (nanos < 0 || nanos > 999_999_999) {
                throw new EnvelopeException("creation time has no valid nanoseconds");
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }
        return text == null ? null : Instant.parse(text);
    }

    static int closingBrace(String text) {
        int end = text.length() - 1;
        if (end < 0 || text.charAt(end) != '}') {
            throw new EnvelopeException("envelope does not end with }");
        }
        return end;
    }

    /** A cached value that cannot be decoded; callers treat it as a miss. */
    static final class EnvelopeException extends JacksonException {
        private static final long serialVersionUID = 1L;

        EnvelopeException(String message) {
            super(message);
        }
    }
}
