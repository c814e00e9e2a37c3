package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import io.github.beatbrackerz.eventstore.spi.SequenceRepository;
import io.github.beatbrackerz.eventstore.spi.SnapshotRepository;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fills the cache from storage for many streams: reads a few streams at a time and writes what
 * it read in batches, so that an adapter that pipelines sends each batch in one round trip.
 */
final class CacheWarmup {

    private final CachedReads reads;
    private final SnapshotRepository snapshots;
    private final SequenceRepository sequences;
    private final CacheGuard cache;
    private final EventStoreOptions options;

    CacheWarmup(CachedReads reads, SnapshotRepository snapshots, SequenceRepository sequences, CacheGuard cache,
            EventStoreOptions options) {
        this.reads = reads;
        this.snapshots = snapshots;
        this.sequences = sequences;
        this.cache = cache;
        this.options = options;
    }

    Mono<Void> warm(Collection<StreamId> streams) {
        List<StreamId> distinct = distinct(streams);
        if (!cache.enabled() || distinct.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(distinct)
                .flatMap(this::read, options.warmupConcurrency())
                .filter(fill -> !fill.isEmpty())
                .buffer(options.warmupBatchSize())
                .concatMap(batch -> cache.admin("putFills", c -> c.putFills(batch)))
                .then();
    }

    /**
     * Opens the stream's fill ticket before reading storage, with the administration budget (a
     * warm-up is an administration call); a stream whose ticket cannot be opened is skipped.
     */
    private Mono<CacheFill> read(StreamId stream) {
        return cache.bulkStep("openFill", c -> c.openFill(stream)).flatMap(opened -> Mono.zip(reads.cacheablePrefix(stream),
                snapshots.findLatest(stream, Long.MAX_VALUE).map(Optional::of).defaultIfEmpty(Optional.<Snapshot>empty()),
                sequences.currentSequence(stream).defaultIfEmpty(0L))
                .map(parts -> new CacheFill(stream, parts.getT1(), parts.getT2().orElse(null), parts.getT3(), opened)));
    }

    private static List<StreamId> distinct(Collection<StreamId> streams) {
        Require.notNull("streams", streams);
        LinkedHashSet<StreamId> distinct = new LinkedHashSet<>(streams.size());
        for (StreamId stream : streams) {
            distinct.add(Require.notNull("streams[]", stream));
        }
        return List.copyOf(distinct);
    }
}
