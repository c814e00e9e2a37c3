package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import reactor.core.publisher.Mono;

/**
 * The port to snapshot storage. Lazy and thread-safe, failures as signals ({@link
 * io.github.beatbrackerz.eventstore.error.StorageException}), never thrown. Implementations may
 * signal on their driver's I/O thread and must not block; a write cancelled after it was sent may
 * still take effect.
 */
public interface SnapshotRepository {

    /**
     * Stores a snapshot.
     *
     * @param snapshot the snapshot
     * @return the stored snapshot, with id and creation time
     */
    Mono<Snapshot> save(NewSnapshot snapshot);

    /**
     * Finds the snapshot with the highest sequence number at or below a bound; among snapshots of
     * the same sequence number, the newest.
     *
     * @param stream the stream
     * @param atOrBeforeSequence the highest sequence number to consider ({@code Long.MAX_VALUE}: any)
     * @return the snapshot, or empty when there is none
     */
    Mono<Snapshot> findLatest(StreamId stream, long atOrBeforeSequence);

    /**
     * Deletes all but the {@code keep} latest snapshots of a stream.
     *
     * @param stream the stream
     * @param keep how many to keep, 0 or more
     * @return how many were deleted
     */
    Mono<Long> prune(StreamId stream, int keep);
}
