package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a cache warm-up writes for one stream, read from storage just before: the cacheable
 * prefix of its events, its latest snapshot and its sequence counter. Each part follows the
 * monotonic rules of the matching single write of {@link EventCache}, and is fenced by the ticket
 * opened before the storage read ({@link EventCache#openFill}), so a clear or eviction that
 * completes between the read and the write is not undone by it.
 *
 * @param stream the stream
 * @param prefix events {@code 1..S} in order; empty when the stream is empty or too long to cache
 * @param snapshot the latest snapshot, or {@code null} when there is none
 * @param sequence the sequence counter; 0 when the stream has none
 * @param ticket the fill's ticket, opened before the storage read; {@link FillTicket#UNFENCED} to write regardless
 */
public record CacheFill(StreamId stream, List<RecordedEvent> prefix, @Nullable Snapshot snapshot, long sequence, FillTicket ticket) {

    /**
     * Checks the parts and copies the prefix.
     *
     * @param stream the stream
     * @param prefix events {@code 1..S} in order; empty when the stream is empty or too long to cache
     * @param snapshot the latest snapshot, or {@code null} when there is none
     * @param sequence the sequence counter; 0 when the stream has none
     * @param ticket the fill's ticket, opened before the storage read; {@link FillTicket#UNFENCED} to write regardless
     */
    public CacheFill {
        Require.notNull("stream", stream);
        prefix = List.copyOf(Require.notNull("prefix", prefix));
        Require.notNegative("sequence", sequence);
        Require.notNull("ticket", ticket);
    }

    /**
     * An unfenced fill: written even if the stream is evicted or the cache cleared in between.
     *
     * @param stream the stream
     * @param prefix events {@code 1..S} in order; empty when the stream is empty or too long to cache
     * @param snapshot the latest snapshot, or {@code null} when there is none
     * @param sequence the sequence counter; 0 when the stream has none
     */
    public CacheFill(StreamId stream, List<RecordedEvent> prefix, @Nullable Snapshot snapshot, long sequence) {
        this(stream, prefix, snapshot, sequence, FillTicket.UNFENCED);
    }

    /** @return whether there is nothing to write */
    public boolean isEmpty() {
        return prefix.isEmpty() && snapshot == null && sequence == 0;
    }
}
