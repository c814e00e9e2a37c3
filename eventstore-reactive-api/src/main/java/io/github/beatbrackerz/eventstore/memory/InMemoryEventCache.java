package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An {@link EventCache} in local memory that honours the monotonic-prefix contract: a cached
 * stream is a contiguous prefix {@code 1..S} that only ever grows, the cached snapshot and counter
 * only ever move forward. Thread-safe; every method is lazy and never errors. Entries do not
 * expire: use it for tests and small data sets, and {@link #clear()} when needed.
 *
 * <p>Fills are fenced as the {@link EventCache} contract describes: each stream has a generation
 * token, created by the first ticket asked for it and dropped by {@link #evictAggregate} and
 * {@link #clear()}; a ticketed write whose token is no longer the stream's is dropped. Ids evicted by
 * {@link #evictEvents} are remembered until the next clear and refused by {@link #putEvents}.
 * Ticketed writes, by-id writes, evictions and clears take one lock, so none of them interleave.
 */
public final class InMemoryEventCache implements EventCache {

    private final Map<StreamId, List<RecordedEvent>> streams = new ConcurrentHashMap<>();
    private final Map<UUID, RecordedEvent> events = new ConcurrentHashMap<>();
    private final Map<StreamId, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<StreamId, Long> sequences = new ConcurrentHashMap<>();
    private final Map<StreamId, AggregateStats> stats = new ConcurrentHashMap<>();
    private final Map<StreamId, FillTicket> generations = new ConcurrentHashMap<>();
    /** Ids evicted by {@link #evictEvents}, refused by {@link #putEvents} until the next clear; no expiry, as nothing here expires. */
    private final Set<UUID> evictedEvents = ConcurrentHashMap.newKeySet();
    private final Object fence = new Object();
    private volatile @Nullable String epoch;

    /** Creates an empty cache. */
    public InMemoryEventCache() {
    }

    @Override
    public Mono<List<RecordedEvent>> getAggregateEvents(StreamId stream) {
        return Mono.fromCallable(() -> streams.get(stream));
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix) {
        return Mono.fromRunnable(() -> storePrefix(stream, prefix));
    }

    private void storePrefix(StreamId stream, List<RecordedEvent> prefix) {
        if (isContiguousFrom(prefix, 1)) {
            List<RecordedEvent> copy = List.copyOf(prefix);
            streams.merge(stream, copy, (cached, offered) -> offered.size() > cached.size() ? offered : cached);
        }
    }

    @Override
    public Mono<CachedPrefix> getAggregateEventsToFill(StreamId stream) {
        // the ticket is taken before the read, so an eviction between the two drops the fill
        return Mono.fromCallable(() -> {
            FillTicket ticket = ticket(stream);
            List<RecordedEvent> cached = streams.get(stream);
            return new CachedPrefix(cached == null ? List.of() : cached, ticket);
        });
    }

    @Override
    public Mono<FillTicket> openFill(StreamId stream) {
        return Mono.fromCallable(() -> ticket(stream));
    }

    private FillTicket ticket(StreamId stream) {
        return generations.computeIfAbsent(stream, s -> new FillTicket(UUID.randomUUID().toString()));
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix, FillTicket ticket) {
        return fenced(stream, ticket, () -> storePrefix(stream, prefix));
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot, FillTicket ticket) {
        return fenced(snapshot.stream(), ticket, () -> storeSnapshot(snapshot));
    }

    @Override
    public Mono<Void> putStats(AggregateStats toCache, FillTicket ticket) {
        return fenced(toCache.stream(), ticket, () -> storeStats(toCache));
    }

    @Override
    public Mono<Void> putSequence(StreamId stream, long sequence, FillTicket ticket) {
        return fenced(stream, ticket, () -> sequences.merge(stream, sequence, Math::max));
    }

    /** Runs a write under the fence, unless the ticket is stale. */
    private Mono<Void> fenced(StreamId stream, FillTicket ticket, Runnable write) {
        return Mono.fromRunnable(() -> {
            synchronized (fence) {
                if (!ticket.fenced() || ticket.equals(generations.get(stream))) {
                    write.run();
                }
            }
        });
    }

    @Override
    public Mono<Void> appendAggregateEvents(StreamId stream, List<RecordedEvent> appended) {
        return Mono.fromRunnable(() -> {
            if (appended.isEmpty()) {
                return;
            }
            streams.compute(stream, (key, cached) -> {
                long start = cached == null ? 1 : cached.size() + 1L;
                if (!isContiguousFrom(appended, start)) {
                    return cached;
                }
                List<RecordedEvent> longer = new ArrayList<>(cached == null ? List.of() : cached);
                longer.addAll(appended);
                return List.copyOf(longer);
            });
        });
    }

    @Override
    public Mono<RecordedEvent> getEvent(UUID eventId) {
        return Mono.fromCallable(() -> events.get(eventId));
    }

    @Override
    public Mono<Void> putEvents(List<RecordedEvent> toCache) {
        return Mono.fromRunnable(() -> {
            synchronized (fence) {
                toCache.stream().filter(event -> !evictedEvents.contains(event.id())).forEach(event -> events.putIfAbsent(event.id(), event));
            }
        });
    }

    @Override
    public Mono<Snapshot> getLatestSnapshot(StreamId stream) {
        return Mono.fromCallable(() -> snapshots.get(stream));
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot) {
        return Mono.fromRunnable(() -> storeSnapshot(snapshot));
    }

    private void storeSnapshot(Snapshot snapshot) {
        snapshots.merge(snapshot.stream(), snapshot, (cached, offered) -> offered.sequenceNumber() >= cached.sequenceNumber() ? offered : cached);
    }

    @Override
    public Mono<Long> getSequence(StreamId stream) {
        return Mono.fromCallable(() -> sequences.get(stream));
    }

    @Override
    public Mono<Void> putSequence(StreamId stream, long sequence) {
        return Mono.fromRunnable(() -> sequences.merge(stream, sequence, Math::max));
    }

    @Override
    public Mono<AggregateStats> getStats(StreamId stream) {
        return Mono.fromCallable(() -> stats.get(stream));
    }

    @Override
    public Mono<Void> putStats(AggregateStats toCache) {
        return Mono.fromRunnable(() -> storeStats(toCache));
    }

    private void storeStats(AggregateStats toCache) {
        stats.merge(toCache.stream(), toCache, (cached, offered) -> offered.totalEvents() >= cached.totalEvents() ? offered : cached);
    }

    @Override
    public Mono<Void> evictAggregate(StreamId stream) {
        return Mono.fromRunnable(() -> {
            synchronized (fence) {
                generations.remove(stream);
                streams.remove(stream);
                snapshots.remove(stream);
                sequences.remove(stream);
                stats.remove(stream);
            }
        });
    }

    @Override
    public Mono<Void> evictEvents(Collection<UUID> eventIds) {
        return Mono.fromRunnable(() -> {
            synchronized (fence) {
                evictedEvents.addAll(eventIds);
                eventIds.forEach(events::remove);
            }
        });
    }

    @Override
    public Mono<Void> clear() {
        return Mono.fromRunnable(() -> {
            synchronized (fence) {
                generations.clear();
                streams.clear();
                events.clear();
                evictedEvents.clear();
                snapshots.clear();
                sequences.clear();
                stats.clear();
            }
        });
    }

    /** {@inheritDoc} */
    @Override
    public Mono<String> epoch() {
        return Mono.fromSupplier(() -> epoch);
    }

    /** {@inheritDoc} */
    @Override
    public Mono<Boolean> recordEpoch(String newEpoch) {
        return Mono.fromSupplier(() -> {
            synchronized (fence) {
                if (epoch == null) {
                    epoch = newEpoch;
                }
                return newEpoch.equals(epoch);
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Clears and records the epoch under the lock of every write, so no write interleaves.
     */
    @Override
    public Mono<Void> changeEpoch(String newEpoch) {
        return Mono.fromRunnable(() -> {
            synchronized (fence) {
                generations.clear();
                streams.clear();
                events.clear();
                evictedEvents.clear();
                snapshots.clear();
                sequences.clear();
                stats.clear();
                epoch = newEpoch;
            }
        });
    }

    @Override
    public Mono<CacheStats> stats() {
        return Mono.fromCallable(() -> new CacheStats(true, "in-memory",
                (long) streams.size() + events.size() + snapshots.size() + sequences.size() + stats.size(), null));
    }

    private static boolean isContiguousFrom(List<RecordedEvent> events, long first) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).sequenceNumber() != first + i) {
                return false;
            }
        }
        return !events.isEmpty();
    }
}
