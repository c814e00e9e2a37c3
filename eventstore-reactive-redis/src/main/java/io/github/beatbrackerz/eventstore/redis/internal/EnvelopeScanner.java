package io.github.beatbrackerz.eventstore.redis.internal;

import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Decodes an event envelope in exactly the form {@link EventEnvelope#encode} writes today, fields
 * in its order and strings without escapes, by matching the text instead of running a JSON
 * parser: a parser per envelope, its symbol table and its copies were most of a cached read's
 * cost. Anything else (an envelope of an older version, a string with an escape, a corrupt
 * value) yields {@code null}, and the caller decodes it with the streaming parser, which also
 * reports what is wrong.
 */
final class EnvelopeScanner {

    private final String text;
    private int at;

    private EnvelopeScanner(String text) {
        this.text = text;
    }

    /**
     * @param text an envelope
     * @param previous the stream of the envelope decoded before, reused when this one names it too
     * @return the event, or {@code null} when the text is not in the current form
     */
    static @Nullable RecordedEvent scan(String text, @Nullable StreamId previous) {
        try {
            return new EnvelopeScanner(text).event(previous);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private @Nullable RecordedEvent event(@Nullable StreamId previous) {
        String id = string("{\"i\":\"");
        String type = string(",\"t\":\"");
        int aggregateId = stringBounds(",\"a\":\"");
        int aggregateIdEnd = at - 1;
        int aggregateType = stringBounds(",\"at\":\"");
        int aggregateTypeEnd = at - 1;
        long sequence = number(",\"s\":");
        long version = number(",\"v\":");
        long seconds = number(",\"cs\":");
        long nanos = number(",\"cn\":");
        String createdBy = string(",\"b\":\"");
        long transactionId = number(",\"x\":");
        long globalPosition = number(",\"g\":");
        long payloadLength = number(",\"pl\":");
        long metadataLength = number(",\"ml\":");
        if (id == null || type == null || aggregateId < 0 || aggregateType < 0 || createdBy == null
                || payloadLength <= 0 || metadataLength <= 0 || version != (int) version || nanos < 0 || nanos > 999_999_999) {
            return null;
        }
        String payload = raw(",\"p\":", payloadLength);
        String metadata = raw(",\"m\":", metadataLength);
        if (payload == null || metadata == null || at != text.length() - 1 || text.charAt(at) != '}') {
            return null;
        }
        StreamId stream = same(previous, aggregateId, aggregateIdEnd, aggregateType, aggregateTypeEnd) ? previous
                : new StreamId(text.substring(aggregateId, aggregateIdEnd), text.substring(aggregateType, aggregateTypeEnd));
        return new RecordedEvent(UUID.fromString(id), type, stream, sequence, (int) version, Json.trusted(payload), Json.trusted(metadata),
                Envelopes.instant(true, seconds, (int) nanos, null), createdBy,
                Position.of(transactionId, globalPosition));
    }

    private boolean same(@Nullable StreamId previous, int idStart, int idEnd, int typeStart, int typeEnd) {
        return previous != null
                && previous.aggregateId().length() == idEnd - idStart && text.startsWith(previous.aggregateId(), idStart)
                && previous.aggregateType().length() == typeEnd - typeStart && text.startsWith(previous.aggregateType(), typeStart);
    }

    private @Nullable String string(String label) {
        int start = stringBounds(label);
        return start < 0 ? null : text.substring(start, at - 1);
    }

    /** @return where the string after {@code label} starts, {@code at} past its closing quote; -1 if absent or escaped */
    private int stringBounds(String label) {
        if (!text.startsWith(label, at)) {
            return -1;
        }
        int start = at + label.length();
        int end = text.indexOf('"', start);
        if (end < 0) {
            return -1;
        }
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == '\\') {
                return -1;
            }
        }
        at = end + 1;
        return start;
    }

    /**
     * @return the integer after {@code label}
     * @throws IllegalArgumentException if the label is not there or no integer follows it
     */
    private long number(String label) {
        if (!text.startsWith(label, at)) {
            throw new IllegalArgumentException(label);
        }
        int start = at + label.length();
        int end = start < text.length() && text.charAt(start) == '-' ? start + 1 : start;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        at = end;
        return Long.parseLong(text, start, end, 10);
    }

    private @Nullable String raw(String label, long length) {
        if (!text.startsWith(label, at) || length > text.length()) {
            return null;
        }
        int start = at + label.length();
        int end = start + (int) length;
        if (end > text.length()) {
            return null;
        }
        at = end;
        return text.substring(start, end);
    }
}
