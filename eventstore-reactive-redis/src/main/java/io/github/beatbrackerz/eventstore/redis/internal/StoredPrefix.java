package io.github.beatbrackerz.eventstore.redis.internal;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks and conversions for the cached list of a stream's events {@code 1..S}. */
public final class StoredPrefix {

    private StoredPrefix() {
    }

    /**
     * @param stream the stream
     * @param events candidate events
     * @return whether they are exactly the stream's events {@code 1..S}, S at least 1
     */
    public static boolean isPrefix(StreamId stream, List<RecordedEvent> events) {
        return !events.isEmpty() && events.get(0).sequenceNumber() == 1 && isRun(stream, events);
    }

    /**
     * @param stream the stream
     * @param events candidate events
     * @return whether they are non-empty, all of the stream, with consecutive sequence numbers
     */
    public static boolean isRun(StreamId stream, List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return false;
        }
        long expected = events.get(0).sequenceNumber();
        for (RecordedEvent event : events) {
            if (event.sequenceNumber() != expected++ || !event.stream().equals(stream)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param head the leading arguments
     * @param events the events whose envelopes follow
     * @return {@code head} followed by one envelope per event
     */
    public static String[] withEnvelopes(String[] head, List<RecordedEvent> events) {
        String[] args = new String[head.length + events.size()];
        System.arraycopy(head, 0, args, 0, head.length);
        for (int i = 0; i < events.size(); i++) {
            args[head.length + i] = EventEnvelope.encode(events.get(i));
        }
        return args;
    }

    /**
     * Decodes a cached list, checking that it is a prefix {@code 1..S}.
     *
     * @param envelopes the list's elements
     * @return the events, or empty when nothing is cached
     * @throws tools.jackson.core.JacksonException if an element cannot be decoded or the list has a gap
     */
    public static Optional<List<RecordedEvent>> decode(List<String> envelopes) {
        return envelopes.isEmpty() ? Optional.empty() : Optional.of(extend(List.of(), envelopes));
    }

    /**
     * Decodes the elements that follow a decoded prefix, checking that they continue it.
     *
     * @param known the events {@code 1..K} already decoded
     * @param envelopes the list's elements {@code K+1..S}
     * @return the events {@code 1..S}
     * @throws tools.jackson.core.JacksonException if an element cannot be decoded or does not continue the prefix
     */
    public static List<RecordedEvent> extend(List<RecordedEvent> known, List<String> envelopes) {
        if (envelopes.isEmpty()) {
            return known;
        }
        List<RecordedEvent> events = new ArrayList<>(known.size() + envelopes.size());
        events.addAll(known);
        EnvelopeScanner scanner = new EnvelopeScanner();
        for (String envelope : envelopes) {
            RecordedEvent event = EventEnvelope.decode(envelope, scanner);
            if (event.sequenceNumber() != events.size() + 1) {
                throw new Envelopes.EnvelopeException("cached stream has sequence " + event.sequenceNumber()
                        + " at position " + (events.size() + 1));
            }
            events.add(event);
        }
        return List.copyOf(events);
    }
}
