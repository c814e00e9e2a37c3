package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.memory.InMemoryEventCache;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A test double: an {@link InMemoryEventCache} that can be switched to fail every call in one of
 * three ways, and counts the calls that reached it.
 */
final class FaultyCache implements EventCache {

    /** How the cache misbehaves. */
    enum Mode {
        HEALTHY, ERRORS, HANGS, THROWS
    }

    private final InMemoryEventCache delegate = new InMemoryEventCache();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Integer> fillBatches = new CopyOnWriteArrayList<>();
    private final AtomicInteger fillsToFail = new AtomicInteger();
    private volatile Mode mode;

    FaultyCache(Mode mode) {
        this.mode = mode;
    }

    void mode(Mode newMode) {
        this.mode = newMode;
    }

    /** @return how many {@code getAggregateEvents} calls returned a cached prefix */
    int aggregateHits() {
        return hits.get();
    }

    /** @return how many calls reached the cache, whatever the mode */
    int calls() {
        return calls.get();
    }

    /** Makes the next {@code count} {@code putFills} calls fail, whatever the mode. */
    void failNextFills(int count) {
        fillsToFail.set(count);
    }

    /** @return the size of each {@code putFills} batch that reached the cache, in arrival order */
    List<Integer> fillBatches() {
        return List.copyOf(fillBatches);
    }

    @Override
    public Mono<Void> putFills(List<CacheFill> fills) {
        fillBatches.add(fills.size());
        if (fillsToFail.getAndDecrement() > 0) {
            return Mono.error(new IllegalStateException("batch refused"));
        }
        return call(() -> delegate.putFills(fills));
    }

    private <T> Mono<T> call(Supplier<Mono<T>> healthy) {
        calls.incrementAndGet();
        return switch (mode) {
            case HEALTHY -> healthy.get();
            case ERRORS -> Mono.error(new IllegalStateException("cache is down"));
            case HANGS -> Mono.never();
            case THROWS -> throw new IllegalStateException("cache client threw");
        };
    }

    @Override
    public Mono<List<RecordedEvent>> getAggregateEvents(StreamId stream) {
        return call(() -> delegate.getAggregateEvents(stream).doOnNext(prefix -> hits.incrementAndGet()));
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix) {
        return call(() -> delegate.putAggregateEvents(stream, prefix));
    }

    @Override
    public Mono<Void> appendAggregateEvents(StreamId stream, List<RecordedEvent> appended) {
        return call(() -> delegate.appendAggregateEvents(stream, appended));
    }

    @Override
    public Mono<RecordedEvent> getEvent(UUID eventId) {
        return call(() -> delegate.getEvent(eventId));
    }

    @Override
    public Mono<Void> putEvents(List<RecordedEvent> events) {
        return call(() -> delegate.putEvents(events));
    }

    @Override
    public Mono<Snapshot> getLatestSnapshot(StreamId stream) {
        return call(() -> delegate.getLatestSnapshot(stream));
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot) {
        return call(() -> delegate.putLatestSnapshot(snapshot));
    }

    @Override
    public Mono<Long> getSequence(StreamId stream) {
        return call(() -> delegate.getSequence(stream));
    }

    @Override
    public Mono<Void> putSequence(StreamId stream, long sequence) {
        return call(() -> delegate.putSequence(stream, sequence));
    }

    @Override
    public Mono<AggregateStats> getStats(StreamId stream) {
        return call(() -> delegate.getStats(stream));
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats) {
        return call(() -> delegate.putStats(stats));
    }

    @Override
    public Mono<Void> evictAggregate(StreamId stream) {
        return call(() -> delegate.evictAggregate(stream));
    }

    @Override
    public Mono<Void> clear() {
        return call(delegate::clear);
    }

    @Override
    public Mono<CacheStats> stats() {
        return call(delegate::stats);
    }
}
