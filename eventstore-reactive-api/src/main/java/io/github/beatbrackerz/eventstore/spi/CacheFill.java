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
 * monotonic rules of the matching single write of {@link EventCache}.
 *
 * @param stream the stream
 * @param prefix events {@code 1..S} in order; empty when the stream is empty or too long to cache
 * @param snapshot the latest snapshot, or {@code null} when there is none
 * @param sequence the sequence counter; 0 when the stream has none
 */
public record CacheFill(StreamId stream, List<RecordedEvent> prefix, @Nullable Snapshot snapshot, long sequence) {

    /**
     * Checks the parts and copies the prefix.
     *
     * @param stream the stream
     * @param prefix events {@code 1..S} in order; empty when the stream is empty or too long to cache
     * @param snapshot the latest snapshot, or {@code null} when there is none
     * @param sequence the sequence counter; 0 when the stream has none
     */
    public CacheFill {
        Require.notNull("stream", stream);
        prefix = List.copyOf(Require.notNull("prefix", prefix));
        Require.notNegative("sequence", sequence);
    }

    /** @return whether there is nothing to write */
    public boolean isEmpty() {
        return prefix.isEmpty() && snapshot == null && sequence == 0;
    }
}
