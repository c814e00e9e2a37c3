package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.internal.UuidV7;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.SnapshotRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link SnapshotRepository} in a map; thread-safe through its monitor. */
final class InMemorySnapshotRepository implements SnapshotRepository {

    /** Highest sequence first; among equal sequences the most recently saved first. */
    private static final Comparator<Saved> LATEST_FIRST =
            Comparator.comparingLong((Saved s) -> s.snapshot.sequenceNumber()).thenComparingLong(s -> s.order).reversed();

    private final Map<StreamId, List<Saved>> snapshots = new HashMap<>();
    private long saves;

    @Override
    public Mono<Snapshot> save(NewSnapshot snapshot) {
        return Mono.fromCallable(() -> {
            Snapshot stored = new Snapshot(UuidV7.next(), snapshot.stream(), snapshot.sequenceNumber(), snapshot.state(),
                    snapshot.version(), Instant.now().truncatedTo(ChronoUnit.MICROS));
            synchronized (this) {
                snapshots.computeIfAbsent(snapshot.stream(), s -> new ArrayList<>()).add(new Saved(stored, ++saves));
            }
            return stored;
        });
    }

    @Override
    public Mono<Snapshot> findLatest(StreamId stream, long atOrBeforeSequence) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return snapshots.getOrDefault(stream, List.of()).stream()
                        .filter(saved -> saved.snapshot.sequenceNumber() <= atOrBeforeSequence)
                        .sorted(LATEST_FIRST)
                        .map(saved -> saved.snapshot)
                        .findFirst()
                        .orElse(null);
            }
        });
    }

    @Override
    public Mono<Long> prune(StreamId stream, int keep) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                List<Saved> all = snapshots.getOrDefault(stream, List.of());
                if (all.size() <= keep) {
                    return 0L;
                }
                List<Saved> kept = new ArrayList<>(all.stream().sorted(LATEST_FIRST).limit(keep).toList());
                long deleted = all.size() - kept.size();
                snapshots.put(stream, kept);
                return deleted;
            }
        });
    }

    /** Removes every snapshot of a stream (a stream delete), at once. */
    synchronized long removeAll(StreamId stream) {
        List<Saved> removed = snapshots.remove(stream);
        return removed == null ? 0 : removed.size();
    }

    private record Saved(Snapshot snapshot, long order) {
    }
}
