package io.github.beatbrackerz.eventstore.micrometer;

import static io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations.APPEND;
import static io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations.LIFECYCLE;
import static io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations.READ;
import static io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations.REPLAY;
import static io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations.SNAPSHOT;

import io.github.beatbrackerz.eventstore.BatchHandler;
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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The observed store: each operation calls the delegate at once (so argument errors are thrown at
 * call time, as the delegate throws them) and wraps what it returns. Cache administration, close
 * and {@code subscribeFrom} (whose history would swamp the delivery delay) pass through.
 */
final class ObservedEventStore implements EventStore {

    private final EventStore delegate;
    private final Observed observed;
    private final Counter appended;
    private final Timer deliveryDelay;

    ObservedEventStore(EventStore delegate, Observed observed, MeterRegistry meters) {
        this.delegate = delegate;
        this.observed = observed;
        this.appended = Counter.builder(EventStoreObservations.APPENDED_EVENTS)
                .description("Events returned by successful appends").baseUnit("events").register(meters);
        this.deliveryDelay = Timer.builder(EventStoreObservations.DELIVERY_DELAY)
                .description("Time from an event's createdAt to its delivery to a live subscriber").register(meters);
    }

    @Override
    public Mono<RecordedEvent> appendEvent(NewEvent event, ExpectedVersion expectedVersion) {
        Mono<RecordedEvent> source = delegate.appendEvent(event, expectedVersion).doOnNext(stored -> appended.increment());
        return observed.mono(APPEND, "appendEvent", source, ObservedEventStore::success, EventStoreObservations::appendFailure,
                EventStoreObservations.OUTCOME_CANCELLED);
    }

    @Override
    public Flux<RecordedEvent> appendEvents(List<NewEvent> events, ExpectedVersion expectedVersion) {
        // a batch emits its events only once all of them are durable, so each one emitted is stored
        Flux<RecordedEvent> source = delegate.appendEvents(events, expectedVersion).doOnNext(stored -> appended.increment());
        return observed.flux(APPEND, "appendEvents", source, EventStoreObservations::appendFailure);
    }

    @Override
    public Flux<RecordedEvent> queryEvents(EventQuery query) {
        return read("queryEvents", delegate.queryEvents(query));
    }

    @Override
    public Flux<RecordedEvent> getAggregateEvents(StreamId stream) {
        return read("getAggregateEvents", delegate.getAggregateEvents(stream));
    }

    @Override
    public Flux<RecordedEvent> getEventsByType(String type, int limit) {
        return read("getEventsByType", delegate.getEventsByType(type, limit));
    }

    @Override
    public Mono<RecordedEvent> getEvent(UUID eventId) {
        return mono(READ, "getEvent", delegate.getEvent(eventId));
    }

    @Override
    public Mono<Snapshot> createSnapshot(NewSnapshot snapshot) {
        return mono(SNAPSHOT, "createSnapshot", delegate.createSnapshot(snapshot));
    }

    @Override
    public Mono<Snapshot> getLatestSnapshot(StreamId stream) {
        return mono(READ, "getLatestSnapshot", delegate.getLatestSnapshot(stream));
    }

    @Override
    public Mono<Long> pruneSnapshots(StreamId stream, int keep) {
        return mono(SNAPSHOT, "pruneSnapshots", delegate.pruneSnapshots(stream, keep));
    }

    @Override
    public <S> Mono<S> replayEvents(StreamId stream, Projection<S> projection) {
        return mono(REPLAY, "replayEvents", delegate.replayEvents(stream, projection));
    }

    @Override
    public <S> Mono<S> getStateAtSequence(StreamId stream, Projection<S> projection, long sequenceNumber) {
        return mono(REPLAY, "getStateAtSequence", delegate.getStateAtSequence(stream, projection, sequenceNumber));
    }

    @Override
    public <S> Mono<S> rebuildWithSnapshots(StreamId stream, Projection<S> projection, int snapshotInterval) {
        return mono(REPLAY, "rebuildWithSnapshots", delegate.rebuildWithSnapshots(stream, projection, snapshotInterval));
    }

    @Override
    public Mono<Long> replayEventStream(EventQuery query, BatchHandler handler, int batchSize) {
        return mono(REPLAY, "replayEventStream", delegate.replayEventStream(query, handler, batchSize));
    }

    @Override
    public Flux<EventBatch> replayBatches(EventQuery query, int batchSize) {
        return observed.flux(REPLAY, "replayBatches", delegate.replayBatches(query, batchSize), EventStoreObservations::failure);
    }

    @Override
    public Flux<SubscriptionSignal> subscribeToSignals(EventFilter filter) {
        return delegate.subscribeToSignals(filter).doOnNext(signal -> {
            if (signal instanceof RecordedEvent event) {
                deliveryDelay.record(Duration.between(event.createdAt(), Instant.now()));
            }
        });
    }

    @Override
    public Flux<RecordedEvent> subscribeFrom(Position after, EventFilter filter) {
        return delegate.subscribeFrom(after, filter);
    }

    @Override
    public Mono<AggregateStats> getAggregateStats(StreamId stream) {
        return mono(READ, "getAggregateStats", delegate.getAggregateStats(stream));
    }

    @Override
    public Mono<ValidationResult> validateEventStream(StreamId stream) {
        return mono(READ, "validateEventStream", delegate.validateEventStream(stream));
    }

    @Override
    public Mono<StreamDeletion> deleteStream(StreamId stream) {
        return mono(LIFECYCLE, "deleteStream", delegate.deleteStream(stream));
    }

    @Override
    public Mono<StreamTruncation> truncateStreamBefore(StreamId stream, long sequenceNumber) {
        return mono(LIFECYCLE, "truncateStreamBefore", delegate.truncateStreamBefore(stream, sequenceNumber));
    }

    @Override
    public Mono<StreamArchival> archiveStream(StreamId stream) {
        return mono(LIFECYCLE, "archiveStream", delegate.archiveStream(stream));
    }

    @Override
    public Flux<RecordedEvent> readArchivedEvents(StreamId stream) {
        return read("readArchivedEvents", delegate.readArchivedEvents(stream));
    }

    @Override
    public Mono<Void> warmupCache(Collection<StreamId> streams) {
        return delegate.warmupCache(streams);
    }

    @Override
    public Mono<Void> clearAggregateCache(StreamId stream) {
        return delegate.clearAggregateCache(stream);
    }

    @Override
    public Mono<Void> clearCache() {
        return delegate.clearCache();
    }

    @Override
    public Mono<CacheStats> getCacheStats() {
        return delegate.getCacheStats();
    }

    @Override
    public Mono<Void> close() {
        return delegate.close();
    }

    @Override
    public String toString() {
        return "Observed" + delegate;
    }

    private Flux<RecordedEvent> read(String operation, Flux<RecordedEvent> source) {
        return observed.flux(READ, operation, source, EventStoreObservations::failure);
    }

    private <T> Mono<T> mono(String name, String operation, Mono<T> source) {
        return observed.mono(name, operation, source, ObservedEventStore::success, EventStoreObservations::failure,
                EventStoreObservations.OUTCOME_CANCELLED);
    }

    private static String success(@Nullable Object value) {
        return EventStoreObservations.OUTCOME_SUCCESS;
    }
}
