package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
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
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.EventRepository;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import io.github.beatbrackerz.eventstore.spi.SequenceRepository;
import io.github.beatbrackerz.eventstore.spi.SnapshotRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import tools.jackson.databind.ObjectMapper;

/**
 * The stock {@link EventStore}: checks arguments, orchestrates the ports, and keeps the optional
 * cache coherent. Built by {@link EventStoreBuilder}.
 */
final class DefaultEventStore implements EventStore {

    private static final Logger LOG = Loggers.getLogger(DefaultEventStore.class);

    private final EventRepository events;
    private final SequenceRepository sequences;
    private final SnapshotRepository snapshots;
    private final @Nullable EventSubscriptionSource subscriptions;
    private final EventStoreOptions options;
    private final CacheGuard cache;
    private final AppendValidation validation;
    private final CachedReads reads;
    private final Replays replays;
    private final CacheWarmup warmup;
    private final StreamRemovals removals;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Mono<Void> release;

    DefaultEventStore(EventRepository events, SequenceRepository sequences, SnapshotRepository snapshots,
            @Nullable EventSubscriptionSource subscriptions, EventCache cache, EventStoreOptions options, ObjectMapper mapper,
            Mono<Void> release) {
        this.release = release;
        this.events = events;
        this.sequences = sequences;
        this.snapshots = snapshots;
        this.subscriptions = subscriptions;
        this.options = options;
        this.cache = new CacheGuard(cache, options.cacheTimeout(), options.cacheAdminTimeout(), options.cacheBackoffAfterTimeout());
        this.validation = new AppendValidation(options);
        this.reads = new CachedReads(events, this.cache, options.cacheConsistency(), cache.maxCachedStreamLength());
        this.replays = new Replays(events, snapshots, this::saveAndCache, mapper);
        this.warmup = new CacheWarmup(reads, snapshots, sequences, this.cache, options);
        this.removals = new StreamRemovals(events, snapshots, this.cache, stored -> announce(subscriptions, stored));
    }

    // ---- appending

    @Override
    public Flux<RecordedEvent> appendEvents(List<NewEvent> batch, ExpectedVersion expectedVersion) {
        AppendRequest request = validation.prepare(batch, expectedVersion);
        EventSubscriptionSource source = subscriptions;
        if (!cache.enabled() && source == null) {
            // EventRepository.append emits the batch only once it is durable, in request order: collecting it again would only copy it.
            return events.append(request);
        }
        return events.append(request)
                .collectList()
                .doOnNext(stored -> announce(source, stored))
                .flatMapMany(stored -> cacheAppended(stored).thenMany(Flux.fromIterable(stored)));
    }

    private static void announce(@Nullable EventSubscriptionSource source, List<RecordedEvent> stored) {
        if (source == null) {
            return;
        }
        try {
            source.appended(stored);
        } catch (RuntimeException e) {
            // The append has committed: a failing hint must not turn it into an error (polling still delivers).
            LOG.warn("subscription source failed to take the post-append hint", e);
        }
    }

    private Mono<Void> cacheAppended(List<RecordedEvent> stored) {
        if (!cache.enabled() || stored.isEmpty()) {
            return Mono.empty();
        }
        Map<StreamId, List<RecordedEvent>> byStream = new LinkedHashMap<>();
        for (RecordedEvent event : stored) {
            byStream.computeIfAbsent(event.stream(), s -> new ArrayList<>()).add(event);
        }
        List<Mono<Void>> writes = new ArrayList<>();
        byStream.forEach((stream, appended) -> {
            writes.add(cache.write("appendAggregateEvents", c -> c.appendAggregateEvents(stream, appended)));
            long last = appended.get(appended.size() - 1).sequenceNumber();
            writes.add(cache.write("putSequence", c -> c.putSequence(stream, last)));
        });
        writes.add(cache.write("putEvents", c -> c.putEvents(stored)));
        return Mono.when(writes);
    }

    // ---- reading

    @Override
    public Flux<RecordedEvent> queryEvents(EventQuery query) {
        Require.notNull("query", query);
        return events.find(query);
    }

    @Override
    public Flux<RecordedEvent> getAggregateEvents(StreamId stream) {
        return reads.aggregateEvents(readable(stream));
    }

    @Override
    public Mono<RecordedEvent> getEvent(UUID eventId) {
        Require.notNull("eventId", eventId);
        return reads.event(eventId);
    }

    // ---- snapshots

    @Override
    public Mono<Snapshot> createSnapshot(NewSnapshot snapshot) {
        Require.notNull("snapshot", snapshot);
        EventQuery target = EventQuery.forStream(snapshot.stream()).toBuilder()
                .fromSequence(snapshot.sequenceNumber()).toSequence(snapshot.sequenceNumber()).limit(1).build();
        return events.find(target).hasElements()
                .flatMap(exists -> exists
                        ? saveAndCache(snapshot)
                        : Mono.error(new ValidationException("sequenceNumber", "points past the last event of "
                                + snapshot.stream() + ": there is no event " + snapshot.sequenceNumber())));
    }

    @Override
    public Mono<Snapshot> getLatestSnapshot(StreamId requested) {
        StreamId stream = readable(requested);
        if (options.cacheConsistency() == CacheConsistency.TRUST_CACHE) {
            // a miss fills the cache, fenced: a pruneSnapshots that evicts meanwhile makes the cache drop the fill
            Mono<Snapshot> stored = Mono.defer(() -> reads.openFill(stream).flatMap(ticket -> snapshots.findLatest(stream, Long.MAX_VALUE)
                    .flatMap(found -> cacheSnapshot(found, ticket).thenReturn(found))));
            return cache.read("getLatestSnapshot", c -> c.getLatestSnapshot(stream)).switchIfEmpty(stored);
        }
        // VERIFIED never serves a cached snapshot, so it does not fill one either
        return Mono.defer(() -> snapshots.findLatest(stream, Long.MAX_VALUE));
    }

    @Override
    public Mono<Long> pruneSnapshots(StreamId requested, int keep) {
        StreamId stream = readable(requested);
        Require.notNegative("keep", keep);
        return snapshots.prune(stream, keep)
                .flatMap(deleted -> keep == 0 && deleted > 0
                        ? cache.write("evictAggregate", c -> c.evictAggregate(stream)).thenReturn(deleted)
                        : Mono.just(deleted));
    }

    /**
     * Saves a snapshot and caches it, fenced by a ticket opened before the save: a {@code
     * pruneSnapshots} that deletes it and evicts the stream meanwhile makes the cache drop it.
     */
    private Mono<Snapshot> saveAndCache(NewSnapshot snapshot) {
        return reads.openFill(snapshot.stream()).flatMap(ticket -> snapshots.save(snapshot)
                .flatMap(saved -> cacheSnapshot(saved, ticket).thenReturn(saved)));
    }

    private Mono<Void> cacheSnapshot(Snapshot snapshot, Optional<FillTicket> ticket) {
        return ticket.map(t -> cache.write("putLatestSnapshot", c -> c.putLatestSnapshot(snapshot, t))).orElse(Mono.empty());
    }

    // ---- replay

    @Override
    public <S> Mono<S> replayEvents(StreamId requested, Projection<S> projection) {
        StreamId stream = readable(requested);
        Require.notNull("projection", projection);
        return replays.replay(stream, projection);
    }

    @Override
    public <S> Mono<S> getStateAtSequence(StreamId requested, Projection<S> projection, long sequenceNumber) {
        StreamId stream = readable(requested);
        Require.notNull("projection", projection);
        Require.notNegative("sequenceNumber", sequenceNumber);
        return replays.stateAt(stream, projection, sequenceNumber);
    }

    @Override
    public <S> Mono<S> rebuildWithSnapshots(StreamId requested, Projection<S> projection, int snapshotInterval) {
        StreamId stream = readable(requested);
        Require.notNull("projection", projection);
        Require.positive("snapshotInterval", snapshotInterval);
        return replays.rebuild(stream, projection, snapshotInterval);
    }

    @Override
    public Flux<EventBatch> replayBatches(EventQuery query, int batchSize) {
        Require.notNull("query", query);
        Require.positive("batchSize", batchSize);
        return replays.batches(query, batchSize);
    }

    // ---- subscriptions

    @Override
    public Flux<SubscriptionSignal> subscribeToSignals(EventFilter filter) {
        Require.notNull("filter", filter);
        EventSubscriptionSource source = subscriptions;
        return source == null ? subscriptionsDisabled() : source.subscribe(filter);
    }

    @Override
    public Flux<RecordedEvent> subscribeFrom(Position after, EventFilter filter) {
        Require.notNull("after", after);
        Require.notNull("filter", filter);
        EventSubscriptionSource source = subscriptions;
        return source == null ? subscriptionsDisabled() : source.subscribeFrom(after, filter);
    }

    private static <T> Flux<T> subscriptionsDisabled() {
        return Flux.error(() -> new EventStoreException(
                "subscriptions are not enabled: build the store with a subscriptionSource"));
    }

    // ---- inspection

    @Override
    public Mono<AggregateStats> getAggregateStats(StreamId requested) {
        StreamId stream = readable(requested);
        return cache.enabled() ? reads.stats(stream) : events.stats(stream);
    }

    @Override
    public Mono<ValidationResult> validateEventStream(StreamId stream) {
        return events.validate(readable(stream));
    }

    // ---- stream lifecycle

    @Override
    public Mono<StreamDeletion> deleteStream(StreamId stream) {
        return removals.delete(readable(stream));
    }

    @Override
    public Mono<StreamTruncation> truncateStreamBefore(StreamId stream, long sequenceNumber) {
        StreamId checked = readable(stream);
        Require.positive("sequenceNumber", sequenceNumber);
        return removals.truncate(checked, sequenceNumber);
    }

    @Override
    public Mono<StreamArchival> archiveStream(StreamId stream) {
        return removals.archive(readable(stream));
    }

    @Override
    public Flux<RecordedEvent> readArchivedEvents(StreamId stream) {
        return events.findArchived(readable(stream));
    }

    // ---- cache administration

    @Override
    public Mono<Void> warmupCache(Collection<StreamId> streams) {
        return warmup.warm(streams);
    }

    @Override
    public Mono<Void> clearAggregateCache(StreamId requested) {
        StreamId stream = readable(requested);
        return cache.admin("evictAggregate", c -> c.evictAggregate(stream)).then();
    }

    @Override
    public Mono<Void> clearCache() {
        return cache.admin("clear", EventCache::clear).then();
    }

    @Override
    public Mono<CacheStats> getCacheStats() {
        if (!cache.enabled()) {
            return Mono.just(CacheStats.disabled());
        }
        return cache.admin("stats", EventCache::stats).defaultIfEmpty(new CacheStats(true, "unavailable", null, null));
    }

    /**
     * Checks a stream named by the caller against the read rules of {@link StreamId#lookup},
     * however it was made: the string forms and the {@code StreamId} forms refuse the same names.
     */
    private static StreamId readable(StreamId stream) {
        Require.notNull("stream", stream);
        return StreamId.lookup(stream.aggregateId(), stream.aggregateType());
    }

    // ---- lifecycle

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (!closed.compareAndSet(false, true)) {
                return Mono.empty();
            }
            EventSubscriptionSource source = subscriptions;
            Mono<Void> subscriptionsClosed = source == null ? Mono.empty() : source.close();
            return subscriptionsClosed
                    .onErrorResume(failure -> release.onErrorResume(also -> {
                        failure.addSuppressed(also);
                        return Mono.empty();
                    }).then(Mono.error(failure)))
                    .then(release);
        });
    }
}
