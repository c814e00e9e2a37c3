package io.github.beatbrackerz.eventstore.cache;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The cache of a store without one: every read misses, every write is dropped, every call
 * completes at once.
 *
 * <p>Reactive contract: every method returns an already-completed {@code Mono} (empty for
 * reads and writes, a disabled {@code CacheStats} for stats); nothing ever errors.
 */
public final class NoOpCache implements EventCache {

    private static final NoOpCache INSTANCE = new NoOpCache();

    private NoOpCache() {
    }

    /** @return the shared instance */
    public static NoOpCache instance() {
        return INSTANCE;
    }

    @Override
    public Mono<List<RecordedEvent>> getAggregateEvents(StreamId stream) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> appendAggregateEvents(StreamId stream, List<RecordedEvent> appended) {
        return Mono.empty();
    }

    @Override
    public Mono<RecordedEvent> getEvent(UUID eventId) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> putEvents(List<RecordedEvent> events) {
        return Mono.empty();
    }

    @Override
    public Mono<Snapshot> getLatestSnapshot(StreamId stream) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot) {
        return Mono.empty();
    }

    @Override
    public Mono<Long> getSequence(StreamId stream) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> putSequence(StreamId stream, long sequence) {
        return Mono.empty();
    }

    @Override
    public Mono<AggregateStats> getStats(StreamId stream) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> evictAggregate(StreamId stream) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> clear() {
        return Mono.empty();
    }

    @Override
    public Mono<CacheStats> stats() {
        return Mono.just(CacheStats.disabled());
    }

    @Override
    public boolean enabled() {
        return false;
    }
}
