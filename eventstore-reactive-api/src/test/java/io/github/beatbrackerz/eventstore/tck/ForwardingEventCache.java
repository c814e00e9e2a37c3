package io.github.beatbrackerz.eventstore.tck;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import io.github.beatbrackerz.eventstore.spi.SequencedPrefix;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * An {@link EventCache} that hands every call to a delegate, for test doubles that change one or
 * two methods: extend it and override those. Every method is forwarded, the port's default
 * methods included ({@link #getAggregateEventsToFill}, {@link #getAggregateEventsAndSequenceToFill}, {@link #openFill}, the ticketed writes,
 * {@link #putFills}, {@link #epoch}, {@link #recordEpoch}, {@link #changeEpoch}, {@link #connect}, {@link #enabled}, {@link #timeoutScheduler}), so the delegate's fencing and batching stay in force; it
 * follows that overriding {@link #getAggregateEvents} does not change what {@link
 * #getAggregateEventsToFill} reads. The reactive contract is the delegate's: the returned
 * publishers are the delegate's own.
 */
public class ForwardingEventCache implements EventCache {

    private final EventCache delegate;

    /** @param delegate the cache every call goes to */
    public ForwardingEventCache(EventCache delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the cache every call goes to */
    protected EventCache delegate() {
        return delegate;
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
    public Mono<CachedPrefix> getAggregateEventsToFill(StreamId stream) {
        return delegate.getAggregateEventsToFill(stream);
    }

    @Override
    public Mono<SequencedPrefix> getAggregateEventsAndSequenceToFill(StreamId stream) {
        return delegate.getAggregateEventsAndSequenceToFill(stream);
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
    public Mono<Void> putSequence(StreamId stream, long sequence, FillTicket ticket) {
        return delegate.putSequence(stream, sequence, ticket);
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
    public Mono<Void> evictEvents(Collection<UUID> eventIds) {
        return delegate.evictEvents(eventIds);
    }

    @Override
    public Mono<Void> clear() {
        return delegate.clear();
    }

    @Override
    public Mono<String> epoch() {
        return delegate.epoch();
    }

    @Override
    public Mono<Boolean> recordEpoch(String epoch) {
        return delegate.recordEpoch(epoch);
    }

    @Override
    public Mono<Void> changeEpoch(String epoch) {
        return delegate.changeEpoch(epoch);
    }

    @Override
    public Mono<CacheStats> stats() {
        return delegate.stats();
    }

    @Override
    public Mono<Void> connect() {
        return delegate.connect();
    }

    @Override
    public boolean enabled() {
        return delegate.enabled();
    }

    @Override
    public int maxCachedStreamLength() {
        return delegate.maxCachedStreamLength();
    }

    @Override
    public Scheduler timeoutScheduler() {
        return delegate.timeoutScheduler();
    }
}
