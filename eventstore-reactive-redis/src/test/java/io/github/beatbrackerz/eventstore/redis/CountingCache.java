package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/** Delegates to a cache (fill tickets included) and counts stream reads that hit, missed or failed, so a test can show the cache was used. */
final class CountingCache implements EventCache {

    final AtomicLong hits = new AtomicLong();
    final AtomicLong misses = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final Map<String, AtomicLong> failureKinds = new ConcurrentHashMap<>();
    private final EventCache delegate;

    CountingCache(EventCache delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<List<RecordedEvent>> getAggregateEvents(StreamId stream) {
        return delegate.getAggregateEvents(stream)
                .doOnNext(hit -> hits.incrementAndGet())
                .switchIfEmpty(Mono.fromRunnable(misses::incrementAndGet))
                .doOnError(e -> {
                    failures.incrementAndGet();
                    failureKinds.computeIfAbsent(String.valueOf(e.getMessage()), k -> new AtomicLong()).incrementAndGet();
                });
    }

    @Override
    public Mono<CachedPrefix> getAggregateEventsToFill(StreamId stream) {
        return delegate.getAggregateEventsToFill(stream)
                .doOnNext(read -> (read.events().isEmpty() ? misses : hits).incrementAndGet())
                .doOnError(e -> {
                    failures.incrementAndGet();
                    failureKinds.computeIfAbsent(String.valueOf(e.getMessage()), k -> new AtomicLong()).incrementAndGet();
                });
    }

    @Override
    public Mono<FillTicket> openFill(StreamId stream) {
        return delegate.openFill(stream);
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix, FillTicket ticket) {
        return delegate.putAggregateEvents(stream, prefix, ticket);
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot, FillTicket ticket) {
        return delegate.putLatestSnapshot(snapshot, ticket);
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats, FillTicket ticket) {
        return delegate.putStats(stats, ticket);
    }

    @Override
    public Mono<Void> putFills(List<CacheFill> fills) {
        return delegate.putFills(fills);
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix) {
        return delegate.putAggregateEvents(stream, prefix);
    }

    @Override
    public Mono<Void> appendAggregateEvents(StreamId stream, List<RecordedEvent> appended) {
        return delegate.appendAggregateEvents(stream, appended);
    }

    @Override
    public Mono<RecordedEvent> getEvent(UUID eventId) {
        return delegate.getEvent(eventId);
    }

    @Override
    public Mono<Void> putEvents(List<RecordedEvent> events) {
        return delegate.putEvents(events);
    }

    @Override
    public Mono<Snapshot> getLatestSnapshot(StreamId stream) {
        return delegate.getLatestSnapshot(stream);
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot) {
        return delegate.putLatestSnapshot(snapshot);
    }

    @Override
    public Mono<Long> getSequence(StreamId stream) {
        return delegate.getSequence(stream);
    }

    @Override
    public Mono<Void> putSequence(StreamId stream, long sequence) {
        return delegate.putSequence(stream, sequence);
    }

    @Override
    public Mono<AggregateStats> getStats(StreamId stream) {
        return delegate.getStats(stream);
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats) {
        return delegate.putStats(stats);
    }

    @Override
    public Mono<Void> evictAggregate(StreamId stream) {
        return delegate.evictAggregate(stream);
    }

    @Override
    public Mono<Void> clear() {
        return delegate.clear();
    }

    @Override
    public Mono<CacheStats> stats() {
        return delegate.stats();
    }
}
