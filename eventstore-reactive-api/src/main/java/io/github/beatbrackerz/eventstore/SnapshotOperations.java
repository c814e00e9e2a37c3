package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import reactor.core.publisher.Mono;

/**
 * Stores, reads and prunes snapshots.
 *
 * <p>Reactive contract: every method is lazy and emits at most one value, on the driver's
 * event-loop thread (or a Lettuce I/O thread when the Redis cache took part); failures arrive as
 * {@code onError} signals ({@link io.github.beatbrackerz.eventstore.error.StorageException} when
 * storage fails; cache failures are ignored). Cancelling a write after its statement was sent does
 * not stop it: a snapshot may still be stored, or snapshots still deleted, without the cache being
 * updated (in {@code TRUST_CACHE} mode a pruned snapshot may then be served from the cache until
 * it expires).
 */
public interface SnapshotOperations {

    /**
     * Stores a snapshot.
     *
     * @param snapshot the snapshot; its sequence number must not exceed the stream's last one
     * @return the stored snapshot; errors with {@link
     *     io.github.beatbrackerz.eventstore.error.ValidationException} (field {@code sequenceNumber})
     *     when it points past the stream's last event
     */
    Mono<Snapshot> createSnapshot(NewSnapshot snapshot);

    /**
     * The latest snapshot of an aggregate.
     *
     * @param stream the aggregate's stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @return the snapshot with the highest sequence number, or empty when there is none
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream or a name the read rules refuse
     */
    Mono<Snapshot> getLatestSnapshot(StreamId stream);

    /**
     * The specification's form of {@link #getLatestSnapshot(StreamId)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return the snapshot with the highest sequence number, or empty when there is none
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a name the read rules of {@link StreamId#lookup} refuse
     */
    default Mono<Snapshot> getLatestSnapshot(String aggregateId, String aggregateType) {
        return getLatestSnapshot(StreamId.lookup(aggregateId, aggregateType));
    }

    /**
     * Deletes all but the most recent snapshots of an aggregate.
     *
     * @param stream the aggregate's stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @param keep how many to keep, 0 or more
     * @return how many were deleted
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream, a name the read rules refuse, or a negative {@code keep}
     */
    Mono<Long> pruneSnapshots(StreamId stream, int keep);

    /**
     * The specification's form of {@link #pruneSnapshots(StreamId, int)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param keep how many to keep, 0 or more
     * @return how many were deleted
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a name the read rules of {@link StreamId#lookup} refuse, or a negative {@code keep}
     */
    default Mono<Long> pruneSnapshots(String aggregateId, String aggregateType, int keep) {
        return pruneSnapshots(StreamId.lookup(aggregateId, aggregateType), keep);
    }
}
