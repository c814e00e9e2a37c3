package io.github.beatbrackerz.eventstore.redis.internal;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The cached form of {@link AggregateStats}: stream, totals, per-type counts, and the first and
 * last events as nested {@link EventEnvelope} strings. Stats are read rarely, so this one is
 * parsed in full.
 */
public final class StatsEnvelope {

    private StatsEnvelope() {
    }

    /**
     * @param stats the statistics
     * @return their envelope
     */
    public static String encode(AggregateStats stats) {
        return Envelopes.write(512, g -> {
            g.writeStringProperty("a", stats.stream().aggregateId());
            g.writeStringProperty("at", stats.stream().aggregateType());
            g.writeNumberProperty("n", stats.totalEvents());
            g.writeObjectPropertyStart("ty");
            stats.eventTypes().forEach(g::writeNumberProperty);
            g.writeEndObject();
            if (stats.firstEvent() != null) {
                g.writeStringProperty("f", EventEnvelope.encode(stats.firstEvent()));
            }
            if (stats.lastEvent() != null) {
                g.writeStringProperty("l", EventEnvelope.encode(stats.lastEvent()));
            }
        });
    }

    /**
     * @param text an envelope written by {@link #encode}
     * @return the statistics
     * @throws tools.jackson.core.JacksonException if the text is not such an envelope
     */
    public static AggregateStats decode(String text) {
        @Nullable String aggregateId = null;
        @Nullable String aggregateType = null;
        @Nullable RecordedEvent first = null;
        @Nullable RecordedEvent last = null;
        long total = 0;
        Map<String, Long> types = new TreeMap<>();
        try (JsonParser p = Envelopes.open(text)) {
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken token = p.nextToken();
                switch (name) {
                    case "a" -> aggregateId = p.getString();
                    case "at" -> aggregateType = p.getString();
                    case "n" -> total = p.getLongValue();
                    case "f" -> first = EventEnvelope.decode(p.getString());
                    case "l" -> last = EventEnvelope.decode(p.getString());
                    case "ty" -> readTypes(p, token, types);
                    default -> p.skipChildren();
                }
            }
        }
        if (aggregateId == null || aggregateType == null) {
            throw new Envelopes.EnvelopeException("stats envelope misses the stream");
        }
        return new AggregateStats(new StreamId(aggregateId, aggregateType), total, first, last, types);
    }

    private static void readTypes(JsonParser p, JsonToken token, Map<String, Long> types) {
        if (token != JsonToken.START_OBJECT) {
            throw new Envelopes.EnvelopeException("event types are not an object");
        }
        for (String type = p.nextName(); type != null; type = p.nextName()) {
            p.nextToken();
            types.put(type, p.getLongValue());
        }
    }
}
