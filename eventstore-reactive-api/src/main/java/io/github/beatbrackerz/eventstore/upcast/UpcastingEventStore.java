package io.github.beatbrackerz.eventstore.upcast;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.EventBatch;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamArchival;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store's outermost read layer when upcasters are registered: every event read through it is
 * upcast after the store (and its cache) produced it, so the cache keeps the stored form. Writes,
 * snapshots and administration are forwarded as they are; appends return the events as written.
 * An upcaster's failure arrives as the read's {@code onError}. Every abstract operation of {@link
 * EventStore} is forwarded here: a new one must be, and upcast when it returns events.
 */
final class UpcastingEventStore implements EventStore {

    private final EventStore store;
    private final Upcasters upcasters;

    UpcastingEventStore(EventStore store, Upcasters upcasters) {
        this.store = store;
        this.upcasters = upcasters;
    }

    @Override
    public Flux<RecordedEvent> appendEvents(List<NewEvent> events, ExpectedVersion expectedVersion) {
        return store.appendEvents(events, expectedVersion);
    }

    @Override
    public Flux<RecordedEvent> queryEvents(EventQuery query) {
        return store.queryEvents(query).map(upcasters::upcast);
    }

    @Override
    public Flux<RecordedEvent> getAggregateEvents(StreamId stream) {
        return store.getAggregateEvents(stream).map(upcasters::upcast);
    }

    @Override
    public Mono<RecordedEvent> getEvent(UUID eventId) {
        return store.getEvent(eventId).map(upcasters::upcast);
    }

    @Override
    public Mono<Snapshot> createSnapshot(NewSnapshot snapshot) {
        return store.createSnapshot(snapshot);
    }

    @Override
    public Mono<Snapshot> getLatestSnapshot(StreamId stream) {
        return store.getLatestSnapshot(stream);
    }

    @Override
    public Mono<Long> pruneSnapshots(StreamId stream, int keep) {
        return store.pruneSnapshots(stream, keep);
    }

    @Override
    public <S> Mono<S> replayEvents(StreamId stream, Projection<S> projection) {
        return store.replayEvents(stream, UpcastingProjection.of(projection, upcasters));
    }

    @Override
    public <S> Mono<S> getStateAtSequence(StreamId stream, Projection<S> projection, long sequenceNumber) {
        return store.getStateAtSequence(stream, UpcastingProjection.of(projection, upcasters), sequenceNumber);
    }

    @Override
    public <S> Mono<S> rebuildWithSnapshots(StreamId stream, Projection<S> projection, int snapshotInterval) {
        return store.rebuildWithSnapshots(stream, UpcastingProjection.of(projection, upcasters), snapshotInterval);
    }

    @Override
    public Flux<EventBatch> replayBatches(EventQuery query, int batchSize) {
        return store.replayBatches(query, batchSize)
                .map(batch -> new EventBatch(batch.batchNumber(), batch.events().stream().map(upcasters::upcast).toList()));
    }

    @Override
    public Flux<SubscriptionSignal> subscribeToSignals(EventFilter filter) {
        return store.subscribeToSignals(filter)
                .map(signal -> signal instanceof RecordedEvent event ? upcasters.upcast(event) : signal);
    }

    @Override
    public Flux<RecordedEvent> subscribeFrom(Position after, EventFilter filter) {
        return store.subscribeFrom(after, filter).map(upcasters::upcast);
    }

    @Override
    public Mono<AggregateStats> getAggregateStats(StreamId stream) {
        return store.getAggregateStats(stream).map(stats -> new AggregateStats(stats.stream(), stats.totalEvents(),
                upcast(stats.firstEvent()), upcast(stats.lastEvent()), stats.eventTypes()));
    }

    private @Nullable RecordedEvent upcast(@Nullable RecordedEvent event) {
        return event == null ? null : upcasters.upcast(event);
    }

    /** Forwarded: the tombstone it returns is the library's own event, written in its current shape. */
    @Override
    public Mono<StreamDeletion> deleteStream(StreamId stream) {
        return store.deleteStream(stream);
    }

    @Override
    public Mono<StreamTruncation> truncateStreamBefore(StreamId stream, long sequenceNumber) {
        return store.truncateStreamBefore(stream, sequenceNumber);
    }

    /** Forwarded: the marker it returns is the library's own event, written in its current shape. */
    @Override
    public Mono<StreamArchival> archiveStream(StreamId stream) {
        return store.archiveStream(stream);
    }

    @Override
    public Flux<RecordedEvent> readArchivedEvents(StreamId stream) {
        return store.readArchivedEvents(stream).map(upcasters::upcast);
    }

    @Override
    public Mono<ValidationResult> validateEventStream(StreamId stream) {
        return store.validateEventStream(stream);
    }

    @Override
    public Mono<Void> warmupCache(Collection<StreamId> streams) {
        return store.warmupCache(streams);
    }

    @Override
    public Mono<Void> clearAggregateCache(StreamId stream) {
        return store.clearAggregateCache(stream);
    }

    @Override
    public Mono<Void> clearCache() {
        return store.clearCache();
    }

    @Override
    public Mono<CacheStats> getCacheStats() {
        return store.getCacheStats();
    }

    @Override
    public Mono<Void> close() {
        return store.close();
    }

    @Override
    public String toString() {
        return "UpcastingEventStore[" + upcasters + ", " + store + "]";
    }
}
