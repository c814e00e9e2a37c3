package io.github.beatbrackerz.eventstore.micrometer;

import static io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations.CACHE;
import static io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations.OUTCOME_HIT;
import static io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations.OUTCOME_MISS;
import static io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations.OUTCOME_SUCCESS;
import static io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations.OUTCOME_TIMEOUT;

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
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The observed cache: every method, defaults included, delegates and is observed as {@code
 * eventstore.cache}. A cancellation before the answer is a {@code timeout}: the store cancels a
 * cache call when the call's time budget runs out.
 */
final class ObservedEventCache implements EventCache {

    private final EventCache delegate;
    private final Observed observed;

    ObservedEventCache(EventCache delegate, Observed observed) {
        this.delegate = delegate;
        this.observed = observed;
    }

    @Override
    public Mono<List<RecordedEvent>> getAggregateEvents(StreamId stream) {
        return lookup("getAggregateEvents", delegate.getAggregateEvents(stream), events -> events != null && !events.isEmpty());
    }

    @Override
    public Mono<CachedPrefix> getAggregateEventsToFill(StreamId stream) {
        return lookup("getAggregateEventsToFill", delegate.getAggregateEventsToFill(stream),
                read -> read != null && !read.events().isEmpty());
    }

    @Override
    public Mono<SequencedPrefix> getAggregateEventsAndSequenceToFill(StreamId stream) {
        return lookup("getAggregateEventsAndSequenceToFill", delegate.getAggregateEventsAndSequenceToFill(stream),
                read -> read != null && !read.prefix().events().isEmpty());
    }

    @Override
    public Mono<RecordedEvent> getEvent(UUID eventId) {
        return lookup("getEvent", delegate.getEvent(eventId), event -> event != null);
    }

    @Override
    public Mono<Snapshot> getLatestSnapshot(StreamId stream) {
        return lookup("getLatestSnapshot", delegate.getLatestSnapshot(stream), snapshot -> snapshot != null);
    }

    @Override
    public Mono<Long> getSequence(StreamId stream) {
        return lookup("getSequence", delegate.getSequence(stream), sequence -> sequence != null);
    }

    @Override
    public Mono<AggregateStats> getStats(StreamId stream) {
        return lookup("getStats", delegate.getStats(stream), stats -> stats != null);
    }

    @Override
    public Mono<FillTicket> openFill(StreamId stream) {
        return call("openFill", delegate.openFill(stream));
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix) {
        return call("putAggregateEvents", delegate.putAggregateEvents(stream, prefix));
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix, FillTicket ticket) {
        return call("putAggregateEvents", delegate.putAggregateEvents(stream, prefix, ticket));
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot, FillTicket ticket) {
        return call("putLatestSnapshot", delegate.putLatestSnapshot(snapshot, ticket));
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot) {
        return call("putLatestSnapshot", delegate.putLatestSnapshot(snapshot));
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats, FillTicket ticket) {
        return call("putStats", delegate.putStats(stats, ticket));
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats) {
        return call("putStats", delegate.putStats(stats));
    }

    @Override
    public Mono<Void> appendAggregateEvents(StreamId stream, List<RecordedEvent> appended) {
        return call("appendAggregateEvents", delegate.appendAggregateEvents(stream, appended));
    }

    @Override
    public Mono<Void> putEvents(List<RecordedEvent> events) {
        return call("putEvents", delegate.putEvents(events));
    }

    @Override
    public Mono<Void> putSequence(StreamId stream, long sequence, FillTicket ticket) {
        return call("putSequence", delegate.putSequence(stream, sequence, ticket));
    }

    @Override
    public Mono<Void> putSequence(StreamId stream, long sequence) {
        return call("putSequence", delegate.putSequence(stream, sequence));
    }

    @Override
    public Mono<Void> putFills(List<CacheFill> fills) {
        return call("putFills", delegate.putFills(fills));
    }

    @Override
    public Mono<Void> evictAggregate(StreamId stream) {
        return call("evictAggregate", delegate.evictAggregate(stream));
    }

    @Override
    public Mono<Void> evictEvents(Collection<UUID> eventIds) {
        return call("evictEvents", delegate.evictEvents(eventIds));
    }

    @Override
    public Mono<Void> clear() {
        return call("clear", delegate.clear());
    }

    @Override
    public Mono<CacheStats> stats() {
        return call("stats", delegate.stats());
    }

    @Override
    public Mono<String> epoch() {
        return call("epoch", delegate.epoch());
    }

    @Override
    public Mono<Boolean> recordEpoch(String epoch) {
        return call("recordEpoch", delegate.recordEpoch(epoch));
    }

    @Override
    public Mono<Void> changeEpoch(String epoch) {
        return call("changeEpoch", delegate.changeEpoch(epoch));
    }

    /** Forwarded unobserved: it runs once per cache, before its first calls, which are observed. */
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

    @Override
    public String toString() {
        return "Observed" + delegate;
    }

    private <T> Mono<T> lookup(String operation, Mono<T> source, Hit<T> hit) {
        return observed.mono(CACHE, operation, source, value -> hit.test(value) ? OUTCOME_HIT : OUTCOME_MISS,
                EventStoreObservations::failure, OUTCOME_TIMEOUT);
    }

    private <T> Mono<T> call(String operation, Mono<T> source) {
        return observed.mono(CACHE, operation, source, value -> OUTCOME_SUCCESS, EventStoreObservations::failure, OUTCOME_TIMEOUT);
    }

    /** Whether a cache answer is a hit. */
    @FunctionalInterface
    private interface Hit<T> {
        boolean test(@Nullable T value);
    }
}
