package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.error.CachePurgeFailedException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.UuidV7;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamArchival;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.EventRepository;
import io.github.beatbrackerz.eventstore.spi.SnapshotRepository;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The store's side of {@link StreamLifecycle}: storage removes in one transaction, then the cache
 * entries of the stream and of the removed (or archived) events are evicted (the stream's with the fence of
 * {@code clearAggregateCache}), and a tombstone is announced to the subscription source as an
 * append would be.
 */
final class StreamRemovals {

    private final EventRepository events;
    private final SnapshotRepository snapshots;
    private final CacheGuard cache;
    private final Consumer<List<RecordedEvent>> announce;

    StreamRemovals(EventRepository events, SnapshotRepository snapshots, CacheGuard cache, Consumer<List<RecordedEvent>> announce) {
        this.events = events;
        this.snapshots = snapshots;
        this.cache = cache;
        this.announce = announce;
    }

    /**
     * The tombstone id is taken at call time, so that re-subscribing finds the stream deleted and writes nothing more.
     * Unlike an archive or a truncation, a delete whose eviction the cache did not confirm fails
     * ({@link CachePurgeFailedException}): it is made for erasure. The tombstone is announced either way, as it is committed.
     */
    Mono<StreamDeletion> delete(StreamId stream) {
        UUID tombstoneId = UuidV7.next();
        return events.deleteStream(stream, tombstoneId)
                .flatMap(deletion -> evict(stream, deletion.removedEventIds(), true)
                        .onErrorMap(error -> new CachePurgeFailedException(deletion, error))
                        .doOnTerminate(() -> announce.accept(List.of(deletion.tombstone())))
                        .thenReturn(deletion));
    }

    /** As {@link #delete}: the marker id is taken at call time. */
    Mono<StreamArchival> archive(StreamId stream) {
        UUID markerId = UuidV7.next();
        return events.archiveStream(stream, markerId)
                .flatMap(archival -> evict(stream, archival.archivedEventIds(), false)
                        .doOnSuccess(done -> announce.accept(List.of(archival.marker())))
                        .thenReturn(archival));
    }

    /** The snapshot check comes first: without a snapshot covering the removed events, nothing is written. */
    Mono<StreamTruncation> truncate(StreamId stream, long sequenceNumber) {
        return snapshots.findLatest(stream, Long.MAX_VALUE).map(Snapshot::sequenceNumber).defaultIfEmpty(0L)
                .flatMap(covered -> covered >= sequenceNumber - 1
                        ? events.truncateStreamBefore(stream, sequenceNumber)
                        : Mono.error(new ValidationException("sequenceNumber", "no snapshot of " + stream + " covers the events before "
                                + sequenceNumber + " (latest snapshot at " + covered + "): create one at " + (sequenceNumber - 1) + " first")))
                .flatMap(truncation -> truncation.removedEventIds().isEmpty()
                        ? Mono.just(truncation)
                        : evict(stream, truncation.removedEventIds(), false).thenReturn(truncation));
    }

    /** @param mustConfirm whether a failed eviction errors ({@link CacheGuard#purge}) instead of being logged ({@link CacheGuard#admin}) */
    private Mono<Void> evict(StreamId stream, List<UUID> removed, boolean mustConfirm) {
        return Mono.when(evictCall(mustConfirm, "evictAggregate", c -> c.evictAggregate(stream)),
                evictCall(mustConfirm, "evictEvents", c -> c.evictEvents(removed)));
    }

    private Mono<Void> evictCall(boolean mustConfirm, String operation, Function<EventCache, Mono<Void>> call) {
        return mustConfirm ? cache.purge(operation, call) : cache.admin(operation, call);
    }
}
