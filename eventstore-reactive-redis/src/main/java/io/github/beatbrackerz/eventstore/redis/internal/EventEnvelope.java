package io.github.beatbrackerz.eventstore.redis.internal;

import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;

/**
 * The cached form of a {@link RecordedEvent}: one compact JSON object whose payload and metadata
 * are the stored JSON text, written raw and last, e.g.
 * {@code {"i":"…","t":"OrderCreated","a":"42","at":"order","s":1,"v":1,"cs":1767323045,"cn":123456789,"b":"u1","x":7,"g":3,"pl":17,"ml":2,"p":{"total":9.5},"m":{}}},
 * where {@code cs} and {@code cn} are the creation time's epoch seconds and nanoseconds.
 * Decoding matches the header against that form ({@link EnvelopeScanner}), or reads it with a
 * streaming parser when it is in another, and slices payload and metadata off by their lengths:
 * neither is tokenized on the read path. Envelopes from older versions, with
 * the creation time as ISO-8601 text in {@code "c"}, still decode. Like the row it came from, an
 * envelope is decoded as it is, never checked against the write rules, so an event that another
 * program wrote round-trips exactly.
 */
public final class EventEnvelope {

    private EventEnvelope() {
    }

    /**
     * @param event the event
     * @return its envelope
     */
    public static String encode(RecordedEvent event) {
        String payload = event.payload().text();
        String metadata = event.metadata().text();
        return Envelopes.write(payload.length() + metadata.length() + 256, g -> {
            writeHeader(g, event);
            g.writeNumberProperty("pl", payload.length());
            g.writeNumberProperty("ml", metadata.length());
            g.writeName("p");
            g.writeRawValue(payload);
            g.writeName("m");
            g.writeRawValue(metadata);
        });
    }

    /**
     * @param text an envelope written by {@link #encode}
     * @return the event
     * @throws tools.jackson.core.JacksonException if the text is not such an envelope
     */
    public static RecordedEvent decode(String text) {
        return decode(text, new EnvelopeScanner());
    }

    /**
     * Decodes an envelope of the current form by matching it ({@link EnvelopeScanner}), any other
     * with the streaming parser.
     *
     * @param text an envelope written by {@link #encode}
     * @param scanner the scanner of the decode this envelope belongs to, reused for each of its envelopes
     *     (which shares the stream, type and author of the event it decoded before when this one names the same)
     * @return the event
     * @throws tools.jackson.core.JacksonException if the text is not such an envelope
     */
    static RecordedEvent decode(String text, EnvelopeScanner scanner) {
        RecordedEvent scanned = scanner.scan(text);
        return scanned != null ? scanned : parse(text);
    }

    private static RecordedEvent parse(String text) {
        Header h = new Header();
        try (JsonParser parser = Envelopes.open(text)) {
            for (String name = parser.nextName(); name != null && !name.equals("p"); name = parser.nextName()) {
                parser.nextToken();
                h.read(name, parser);
            }
        }
        int end = Envelopes.closingBrace(text);
        String metadata = Envelopes.rawBefore(text, end, "m", h.metadataLength);
        int payloadEnd = end - h.metadataLength - 5;
        if (text.charAt(payloadEnd) != ',') {
            throw new Envelopes.EnvelopeException("payload is not followed by metadata");
        }
        String payload = Envelopes.rawBefore(text, payloadEnd, "p", h.payloadLength);
        return h.toEvent(Json.trusted(payload), Json.trusted(metadata));
    }

    private static void writeHeader(JsonGenerator g, RecordedEvent event) {
        g.writeStringProperty("i", event.id().toString());
        g.writeStringProperty("t", event.type());
        g.writeStringProperty("a", event.aggregateId());
        g.writeStringProperty("at", event.aggregateType());
        g.writeNumberProperty("s", event.sequenceNumber());
        g.writeNumberProperty("v", event.version());
        // Two numbers rather than ISO text: Instant.parse was most of the cost of decoding an envelope.
        g.writeNumberProperty("cs", event.createdAt().getEpochSecond());
        g.writeNumberProperty("cn", event.createdAt().getNano());
        g.writeStringProperty("b", event.createdBy());
        g.writeNumberProperty("x", event.position().transactionId());
        g.writeNumberProperty("g", event.position().globalPosition());
    }

    private static final class Header {
        private @Nullable String id;
        private @Nullable String type;
        private @Nullable String aggregateId;
        private @Nullable String aggregateType;
        private long sequence;
        private int version;
        private boolean hasCreatedSeconds;
        private long createdSeconds;
        private int createdNanos = -1;
        private @Nullable String createdAtText;
        private @Nullable String createdBy;
        private long transactionId;
        private long globalPosition;
        private int payloadLength;
        private int metadataLength;

        void read(String name, JsonParser p) {
            switch (name) {
                case "i" -> id = p.getString();
                case "t" -> type = p.getString();
                case "a" -> aggregateId = p.getString();
                case "at" -> aggregateType = p.getString();
                case "s" -> sequence = p.getLongValue();
                case "v" -> version = p.getIntValue();
                case "cs" -> {
                    createdSeconds = p.getLongValue();
                    hasCreatedSeconds = true;
                }
                case "cn" -> createdNanos = p.getIntValue();
                case "c" -> createdAtText = p.getString();
                case "b" -> createdBy = p.getString();
                case "x" -> transactionId = p.getLongValue();
                case "g" -> globalPosition = p.getLongValue();
                case "pl" -> payloadLength = p.getIntValue();
                case "ml" -> metadataLength = p.getIntValue();
                default -> p.skipChildren();
            }
        }

        RecordedEvent toEvent(Json payload, Json metadata) {
            Instant createdAt = Envelopes.instant(hasCreatedSeconds, createdSeconds, createdNanos, createdAtText);
            if (id == null || type == null || aggregateId == null || aggregateType == null
                    || createdAt == null || createdBy == null) {
                throw new Envelopes.EnvelopeException("event envelope misses a field");
            }
            return new RecordedEvent(UUID.fromString(id), type, new StreamId(aggregateId, aggregateType), sequence,
                    version, payload, metadata, createdAt, createdBy, Position.of(transactionId, globalPosition));
        }
    }
}
