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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Delegates to a cache, and once {@link #arm() armed} holds the next ticketed fill (stream,
 * snapshot or stats) between its read and its write until {@link #release()}: a test then runs a
 * clear or an eviction in that window, deterministically. With {@code fenced} false it passes
 * {@link FillTicket#UNFENCED} on, which is how fills behaved before tickets, so the same test
 * shows the race it guards against.
 */
final class HeldFills implements EventCache {

    final CountDownLatch arrived = new CountDownLatch(1);
    private final Sinks.Empty<Void> released = Sinks.empty();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final EventCache delegate;
    private final boolean fenced;

    HeldFills(EventCache delegate, boolean fenced) {
        this.delegate = delegate;
        this.fenced = fenced;
    }

    /** Holds the next ticketed fill. */
    void arm() {
        armed.set(true);
    }

    /** Lets the held fill write. */
    void release() {
        released.tryEmitEmpty();
    }

    private Mono<Void> held(Mono<Void> write) {
        return Mono.defer(() -> {
            if (!armed.compareAndSet(true, false)) {
                return write;
            }
            arrived.countDown();
            return released.asMono().then(write);
        });
    }

    private FillTicket pass(FillTicket ticket) {
        return fenced ? ticket : FillTicket.UNFENCED;
    }

    @Override
    public Mono<CachedPrefix> getAggregateEventsToFill(StreamId stream) {
        return delegate.getAggregateEventsToFill(stream);
    }

    @Override
    public Mono<FillTicket> openFill(StreamId stream) {
        return delegate.openFill(stream);
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix, FillTicket ticket) {
        return held(delegate.putAggregateEvents(stream, prefix, pass(ticket)));
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot, FillTicket ticket) {
        return held(delegate.putLatestSnapshot(snapshot, pass(ticket)));
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats, FillTicket ticket) {
        return held(delegate.putStats(stats, pass(ticket)));
    }

    @Override
    public Mono<List<RecordedEvent>> getAggregateEvents(StreamId stream) {
        return delegate.getAggregateEvents(stream);
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
    public Mono<Void> putFills(List<CacheFill> fills) {
        return delegate.putFills(fills);
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
