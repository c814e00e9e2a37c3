package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.internal.Require;

/**
 * What a {@code TRUST_CACHE} read of a stream needs, read at once: the cached prefix with the
 * ticket of the fill that may extend it, and the stream's cached counter.
 *
 * @param prefix the cached prefix and its ticket
 * @param sequence the stream's cached counter ({@link EventCache#getSequence}), read beside the
 *     prefix; 0 when none is cached
 */
public record SequencedPrefix(CachedPrefix prefix, long sequence) {

    /**
     * Checks the parts.
     *
     * @param prefix the cached prefix and its ticket
     * @param sequence the stream's cached counter; 0 when none is cached
     */
    public SequencedPrefix {
        Require.notNull("prefix", prefix);
        Require.notNegative("sequence", sequence);
    }
}
