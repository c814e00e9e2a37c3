package io.github.beatbrackerz.eventstore.redis.internal;

import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;

/**
 * The cached form of a {@link Snapshot}: a compact JSON object whose state is the stored JSON text,
 * written raw and last ({@code …,"sl":<length>,"st":<state>}), so reading it never tokenizes the state.
 * The creation time is its epoch seconds and nanoseconds ({@code "cs"}, {@code "cn"}); envelopes
 * from older versions, with ISO-8601 text in {@code "c"}, still decode.
 */
public final class SnapshotEnvelope {

    private SnapshotEnvelope() {
    }

    /**
     * @param snapshot the snapshot
     * @return its envelope
     */
    public static String encode(Snapshot snapshot) {
        String state = snapshot.state().text();
        return Envelopes.write(state.length() + 192, g -> {
            g.writeStringProperty("i", snapshot.id().toString());
            g.writeStringProperty("a", snapshot.stream().aggregateId());
            g.writeStringProperty("at", snapshot.stream().aggregateType());
            g.writeNumberProperty("s", snapshot.sequenceNumber());
            g.writeNumberProperty("v", snapshot.version());
            g.writeNumberProperty("cs", snapshot.createdAt().getEpochSecond());
            g.writeNumberProperty("cn", snapshot.createdAt().getNano());
            g.writeNumberProperty("sl", state.length());
            g.writeName("st");
            g.writeRawValue(state);
        });
    }

    /**
     * @param text an envelope written by {@link #encode}
     * @return the snapshot
     * @throws tools.jackson.core.JacksonException if the text is not such an envelope
     */
    public static Snapshot decode(String text) {
        @Nullable String id = null;
        @Nullable String aggregateId = null;
        @Nullable String aggregateType = null;
        @Nullable String createdAtText = null;
        boolean hasCreatedSeconds = false;
        long createdSeconds = 0;
        int createdNanos = -1;
        long sequence = 0;
        int version = 0;
        int stateLength = 0;
        try (JsonParser p = Envelopes.open(text)) {
            for (String name = p.nextName(); name != null && !name.equals("st"); name = p.nextName()) {
                p.nextToken();
                switch (name) {
                    case "i" -> id = p.getString();
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
                    case "sl" -> stateLength = p.getIntValue();
                    default -> p.skipChildren();
                }
            }
        }
        Instant createdAt = Envelopes.instant(hasCreatedSeconds, createdSeconds, createdNanos, createdAtText);
        if (id == null || aggregateId == null || aggregateType == null || createdAt == null) {
            throw new Envelopes.EnvelopeException("snapshot envelope misses a field");
        }
        String state = Envelopes.rawBefore(text, Envelopes.closingBrace(text), "st", stateLength);
        return new Snapshot(UUID.fromString(id), new StreamId(aggregateId, aggregateType), sequence,
                Json.trusted(state), version, createdAt);
    }
}
