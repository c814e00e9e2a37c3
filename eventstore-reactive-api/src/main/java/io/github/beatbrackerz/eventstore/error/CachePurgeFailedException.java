package io.github.beatbrackerz.eventstore.error;

import io.github.beatbrackerz.eventstore.model.StreamDeletion;

/**
 * A hard delete ({@code deleteStream}) removed the stream from storage, but the cache did not
 * confirm that it evicted the stream's entries and the removed events' entries by id: it failed or
 * did not answer within the administration budget. The deletion is committed (and announced to
 * subscribers); {@link #deletion()} is its outcome. Cached copies of the removed events may survive
 * until their TTL ({@code eventsTtl} for events by id). The store says so instead of completing,
 * because a delete made for erasure must not look done while a copy may remain. Not retryable:
 * deleting again evicts the stream's keys but can no longer name the removed events' ids; clear
 * the cache ({@code clearCache()}) once it answers, or wait for the TTL.
 */
public class CachePurgeFailedException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** The committed deletion; not serialized. */
    private final transient StreamDeletion deletion;

    /**
     * @param deletion the committed deletion
     * @param cause why the cache did not confirm the eviction
     */
    public CachePurgeFailedException(StreamDeletion deletion, Throwable cause) {
        super("stream " + deletion.stream() + " was deleted from storage (" + deletion.eventsRemoved()
                + " events), but the cache did not confirm the eviction of its entries (" + cause
                + "); cached copies may remain until their TTL: clear the cache once it answers", cause);
        this.deletion = deletion;
    }

    /** @return the committed deletion */
    public StreamDeletion deletion() {
        return deletion;
    }
}
