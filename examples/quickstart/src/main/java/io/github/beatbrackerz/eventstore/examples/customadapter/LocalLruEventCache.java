package io.github.beatbrackerz.eventstore.examples.customadapter;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * An in-process cache that keeps the most recently used aggregates and events, the Java
 * counterpart of the specification's custom Memcached adapter. Thread-safe; every method is lazy
 * and completes without blocking (the maps are guarded by a monitor held for microseconds).
 *
 * <p>It honours the port's one rule: a cached stream is a contiguous prefix {@code 1..S} that only
 * grows, whatever the order in which fills arrive; a list with a gap, or not starting at 1, is not
 * cached. It keeps the port's default fill tickets, which do not fence: enough for a cache that
 * one store instance owns, not for one shared by several.
 */
public final class LocalLruEventCache implements EventCache {

    private final Map<StreamId, StreamEntry> streams;
    private final Map<UUID, RecordedEvent> events;

    /**
     * Creates a cache.
     *
     * @param maxEntries how many streams, and separately how many single events, to keep
     */
    public LocalLruEventCache(int maxEntries) {
        this.streams = lru(maxEntries);
        this.events = lru(maxEntries);
    }

    @Override
    public Mono<List<RecordedEvent>> getAggregateEvents(StreamId stream) {
        return read(stream).mapNotNull(StreamEntry::prefix).filter(prefix -> !prefix.isEmpty());
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix) {
        return update(stream, entry -> StreamEntry.isPrefix(prefix) && prefix.size() > entry.prefix().size()
                ? entry.withPrefix(List.copyOf(prefix)) : entry);
    }

    @Override
    public Mono<Void> appendAggregateEvents(StreamId stream, List<RecordedEvent> appended) {
        return update(stream, entry -> StreamEntry.follows(entry.prefix(), appended) ? entry.withPrefix(StreamEntry.concat(entry.prefix(), appended)) : entry);
    }

    @Override
    public Mono<RecordedEvent> getEvent(UUID eventId) {
        return Mono.fromCallable(() -> {
            synchronized (events) {
                return events.get(eventId);
            }
        });
    }

    @Override
    public Mono<Void> putEvents(List<RecordedEvent> toCache) {
        return Mono.fromRunnable(() -> {
            synchronized (events) {
                toCache.forEach(event -> events.put(event.id(), event));
            }
        });
    }

    @Override
    public Mono<Snapshot> getLatestSnapshot(StreamId stream) {
        return read(stream).mapNotNull(StreamEntry::snapshot);
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot) {
        return update(snapshot.stream(), entry -> entry.snapshot() == null || snapshot.sequenceNumber() >= entry.snapshot().sequenceNumber()
                ? entry.withSnapshot(snapshot) : entry);
    }

    @Override
    public Mono<Long> getSequence(StreamId stream) {
        return read(stream).mapNotNull(StreamEntry::sequence);
    }

    @Override
    public Mono<Void> putSequence(StreamId stream, long sequence) {
        return update(stream, entry -> entry.sequence() == null || sequence > entry.sequence() ? entry.withSequence(sequence) : entry);
    }

    @Override
    public Mono<AggregateStats> getStats(StreamId stream) {
        return read(stream).mapNotNull(StreamEntry::stats);
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats) {
        return update(stats.stream(), entry -> entry.withStats(stats));
    }

    @Override
    public Mono<Void> evictAggregate(StreamId stream) {
        return Mono.fromRunnable(() -> {
            synchronized (streams) {
                streams.remove(stream);
            }
        });
    }

    @Override
    public Mono<Void> clear() {
        return Mono.fromRunnable(() -> {
            synchronized (streams) {
                streams.clear();
            }
            synchronized (events) {
                events.clear();
            }
        });
    }

    @Override
    public Mono<CacheStats> stats() {
        return Mono.fromCallable(() -> {
            long keys;
            synchronized (streams) {
                keys = streams.size();
            }
            synchronized (events) {
                keys += events.size();
            }
            return new CacheStats(true, "local-lru", keys, null);
        });
    }

    private Mono<StreamEntry> read(StreamId stream) {
        return Mono.fromCallable(() -> {
            synchronized (streams) {
                return streams.get(stream);
            }
        });
    }

    private Mono<Void> update(StreamId stream, UnaryOperator<StreamEntry> change) {
        return Mono.fromRunnable(() -> {
            synchronized (streams) {
                streams.put(stream, change.apply(streams.getOrDefault(stream, StreamEntry.EMPTY)));
            }
        });
    }

    private static <K, V> Map<K, V> lru(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }
}
