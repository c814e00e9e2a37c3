package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.error.StorageException;

/**
 * An append was refused because the store's queue of coalesced appends was full
 * ({@link R2dbcEventStoreBuilder#coalesceAppends(int, int)}): more appends were waiting for a statement than the
 * queue holds. Nothing of the refused append was written. Retryable: the queue drains as statements complete, so
 * the same append, retried after a back-off, normally succeeds.
 */
public final class AppendQueueFullException extends StorageException {

    private static final long serialVersionUID = 1L;

    /**
     * @param capacity the queue's capacity, in appends
     */
    public AppendQueueFullException(int capacity) {
        super("the append queue is full (" + capacity + " appends waiting for a statement); retry after a back-off", null, true);
    }
}
