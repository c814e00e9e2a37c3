package io.github.beatbrackerz.eventstore.redis.internal;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stream prefixes one cache instance decoded last, kept in the JVM so that reading a stream
 * again fetches and decodes only what was appended since ({@link PrefixRead}). Bounded by an
 * estimate of the heap the events take ({@link #estimate}), the least recently read streams
 * dropped first. Thread-safe.
 *
 * <p>An entry is only ever used after Redis confirmed it, in the same round trip as the read of
 * what follows it: the stream's generation is still the one the entry was read under (every
 * eviction and clear deletes the generation, and a new one gets a fresh random token), and the
 * list still holds, at the entry's last position, the very envelope the entry was decoded from.
 * Under one generation the scripts only ever extend a list, or write the same prefix again after it
 * expired (events are immutable); so an entry can lack only what was appended after it.
 */
public final class NearPrefixes {

    /**
     * A decoded prefix.
     *
     * @param generation the token of the generation it was read under
     * @param events the events {@code 1..S}, at least one
     * @param lastEnvelope the envelope of event S as Redis held it, compared on the next read
     * @param bytes the estimated heap the events take
     */
    public record Entry(String generation, List<RecordedEvent> events, String lastEnvelope, long bytes) {
    }

    /** What an event's objects take beside its strings' characters: the event, id, instant, position, stream and JSON wrappers. */
    private static final long OBJECT_BYTES = 200;

    private final long maxBytes;
    private final LinkedHashMap<StreamId, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long held;

    /** @param maxBytes the most estimated heap held over all streams; 0 keeps nothing */
    public NearPrefixes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @return whether entries are kept at all */
    public boolean enabled() {
        return maxBytes > 0;
    }

    /**
     * @param event an event
     * @return an upper estimate of the heap it takes: two bytes per character of its strings (one in
     *     the usual compact form), plus its objects
     */
    static long estimate(RecordedEvent event) {
        return 2L * (event.payload().text().length() + event.metadata().text().length() + event.type().length()
                + event.createdBy().length()) + OBJECT_BYTES;
    }

    private static long estimate(List<RecordedEvent> events) {
        long bytes = 0;
        for (RecordedEvent event : events) {
            bytes += estimate(event);
        }
        return bytes;
    }

    /**
     * @param stream the stream
     * @return its entry, or {@code null}
     */
    public synchronized @Nullable Entry get(StreamId stream) {
        return entries.get(stream);
    }

    /**
     * Keeps (or replaces) a stream's entry, dropping the least recently read ones beyond the bound;
     * a prefix longer than the bound is not kept.
     *
     * @param stream the stream
     * @param generation the token of the generation the events were read under
     * @param events its events {@code 1..S}
     * @param lastEnvelope the envelope of event S
     */
    public synchronized void put(StreamId stream, String generation, List<RecordedEvent> events, String lastEnvelope) {
        Entry previous = entries.get(stream);
        // an extension of the entry (its events are the first ones) adds only the new events' estimate
        long bytes = previous != null && isExtendedBy(previous, events)
                ? previous.bytes() + estimate(events.subList(previous.events().size(), events.size()))
                : estimate(events);
        if (events.isEmpty() || bytes > maxBytes) {
            remove(stream);
            return;
        }
        entries.put(stream, new Entry(generation, events, lastEnvelope, bytes));
        held += bytes - (previous == null ? 0 : previous.bytes());
        for (Iterator<Map.Entry<StreamId, Entry>> it = entries.entrySet().iterator(); held > maxBytes && it.hasNext();) {
            Map.Entry<StreamId, Entry> eldest = it.next();
            if (!eldest.getKey().equals(stream)) {
                held -= eldest.getValue().bytes();
                it.remove();
            }
        }
    }

    private static boolean isExtendedBy(Entry previous, List<RecordedEvent> events) {
        int size = previous.events().size();
        return events.size() >= size && events.get(size - 1) == previous.events().get(size - 1);
    }

    /** @param stream the stream whose entry is dropped */
    public synchronized void remove(StreamId stream) {
        Entry removed = entries.remove(stream);
        if (removed != null) {
            held -= removed.bytes();
        }
    }

    /** Drops every entry. */
    public synchronized void clear() {
        entries.clear();
        held = 0;
    }

    /** @return the estimated heap held now */
    public synchronized long held() {
        return held;
    }
}
