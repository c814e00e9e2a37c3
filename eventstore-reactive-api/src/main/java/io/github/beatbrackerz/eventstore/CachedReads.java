package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.EventRepository;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import io.github.beatbrackerz.eventstore.spi.StreamEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads that the cache may serve: aggregate streams, events by id and statistics. In
 * {@link CacheConsistency#VERIFIED} mode a cached stream is always completed from storage, so no
 * read misses an event whose append completed before it.
 */
final class CachedReads {

    private final EventRepository repository;
    private final CacheGuard cache;
    private final CacheConsistency consistency;
    /** Streams longer than this ({@link EventCache#maxCachedStreamLength()}) are streamed without caching, never collected in memory. */
    private final int maxCachedStream;
    private final AtomicReference<@Nullable EpochCheck> epochCheck = new AtomicReference<>();
    /** The store epoch this instance has seen the cache record; verified reads use the cache only under it. */
    private volatile @Nullable String confirmedEpoch;

    CachedReads(EventRepository repository, CacheGuard cache, CacheConsistency consistency, int maxCachedStream) {
        this.repository = repository;
        this.cache = cache;
        this.consistency = consistency;
        this.maxCachedStream = (int) Require.positive("maxCachedStreamLength", maxCachedStream);
    }

    /**
     * Reads a stream, served or completed from the cache. The cached prefix is read together with
     * the ticket of the fill that may follow ({@link EventCache#getAggregateEventsToFill}; in
     * {@code TRUST_CACHE} mode with the cached counter, {@link EventCache#getAggregateEventsAndSequenceToFill}), so a
     * clear or eviction that completes meanwhile makes the cache drop that fill. When the cache
     * cannot answer, the stream is read from storage and nothing is filled.
     */
    Flux<RecordedEvent> aggregateEvents(StreamId stream) {
        if (!cache.enabled()) {
            return repository.find(EventQuery.forStream(stream));
        }
        if (consistency == CacheConsistency.TRUST_CACHE) {
            // the check comes with the cache read, in one call: the cached counter
            return cache.read("getAggregateEvents", c -> c.getAggregateEventsAndSequenceToFill(stream))
                    .map(Optional::of).defaultIfEmpty(Optional.empty())
                    .flatMapMany(read -> read
                            .map(hit -> isContiguousPrefix(hit.prefix().events())
                                    ? trusted(stream, hit.prefix().events(), hit.sequence(), hit.prefix().ticket())
                                    : readAndFill(stream, EventQuery.forStream(stream), List.of(), hit.prefix().ticket()))
                            .orElseGet(() -> repository.find(EventQuery.forStream(stream))));
        }
        Mono<Optional<CachedPrefix>> cached = cache.read("getAggregateEvents", c -> c.getAggregateEventsToFill(stream))
                .map(Optional::of).defaultIfEmpty(Optional.empty());
        // the check runs beside the cache read: the stream's last stored event and the store epoch (one index probe)
        return cached.zipWith(repository.streamEnd(stream)).flatMapMany(read -> {
            StreamEnd end = read.getT2();
            String epoch = end.cacheEpoch();
            if (epoch != null && !epoch.equals(confirmedEpoch)) {
                // the cache may hold entries of another epoch: the read goes on once the cache records this one,
                // and is served from storage when that took a clear (what it read from the cache may be of the old epoch)
                return confirmEpoch(epoch).defaultIfEmpty(Boolean.FALSE).flatMapMany(usable -> usable
                        ? verifiedRead(stream, read.getT1(), end)
                        : repository.find(EventQuery.forStream(stream)));
            }
            return verifiedRead(stream, read.getT1(), end);
        });
    }

    private Flux<RecordedEvent> verifiedRead(StreamId stream, Optional<CachedPrefix> cached, StreamEnd end) {
        return cached
                .map(hit -> isContiguousPrefix(hit.events())
                        ? verified(stream, hit.events(), end.last(), hit.ticket())
                        : readAndFill(stream, EventQuery.forStream(stream), List.of(), hit.ticket()))
                .orElseGet(() -> repository.find(EventQuery.forStream(stream)));
    }

    /**
     * Makes sure the cache holds only entries of the store epoch storage named. A cache that records
     * this epoch, or none yet ({@link EventCache#recordEpoch}: a fresh cache, or one written before
     * epochs existed), is used at once; one that records another epoch is cleared and moved to this
     * one ({@link EventCache#changeEpoch}). Concurrent reads share one check per epoch; a check that
     * fails (the cache cannot answer) is retried by the next read, and until one succeeds verified
     * reads are served from storage.
     *
     * @return whether the cache can be used for the read that asked (not when it was just cleared);
     *     empty when the check failed
     */
    private Mono<Boolean> confirmEpoch(String epoch) {
        EpochCheck current = epochCheck.get();
        if (current == null || !current.epoch().equals(epoch)) {
            EpochCheck next = new EpochCheck(epoch, cache.read("recordEpoch", c -> c.recordEpoch(epoch))
                    .flatMap(recorded -> recorded
                            ? Mono.just(Boolean.TRUE)
                            : cache.admin("changeEpoch", c -> c.changeEpoch(epoch).thenReturn(Boolean.FALSE)))
                    .doOnNext(usable -> confirmedEpoch = epoch)
                    .cache(value -> Duration.ofDays(365), error -> Duration.ZERO, () -> Duration.ZERO));
            current = epochCheck.compareAndSet(current, next) ? next : epochCheck.get();
        }
        return current == null ? Mono.empty() : current.result();
    }

    /** One epoch check, shared by the reads that found the epoch unconfirmed. */
    private record EpochCheck(String epoch, Mono<Boolean> result) {
    }

    /**
     * Serves a cached prefix {@code 1..S} checked against the stream's last stored event {@code L},
     * which was read at the same time as the cache (so the check costs no extra round trip): an
     * append that completed before this read began is at or below {@code L}, since one stream's
     * appends commit in sequence order.
     *
     * <p>The prefix is also tied to what is stored, so that entries that outlive their events
     * (PostgreSQL restored to an earlier point, a stream deleted, tables truncated, then possibly
     * re-appended with the same sequence numbers) are never served: event ids are random and
     * unique, so a cached event and the stored event with the same sequence number are one event
     * exactly when their ids agree, and then so are all events before it.
     * <ul>
     * <li>{@code S = L}: served when the cached event {@code S} is the stored last event.
     * <li>{@code S < L}: the events from {@code S} (not {@code S + 1}) are read, and the prefix is
     * served and extended only when the first of them is the cached event {@code S}.
     * <li>{@code S > L}: either appends completed after the probe and extended the cache (a race),
     * or events vanished. Only {@code 1..L} is served, after checking that the cached event
     * {@code L} is the stored one; then the cached event {@code S} is looked up in storage (the only
     * extra round trip, in this rare case) and the entry evicted when it is not stored.
     * </ul>
     * A cached event that is not stored makes the read evict the stream's entry (fenced: a fill
     * that began before does not write afterwards) and serve, and refill, the stream from storage.
     */
    private Flux<RecordedEvent> verified(StreamId stream, List<RecordedEvent> prefix, @Nullable RecordedEvent last,
            FillTicket ticket) {
        long lastStored = last == null ? 0 : last.sequenceNumber();
        int size = prefix.size();
        if (size < lastStored) {
            return prefixThenCheckedTail(stream, prefix, ticket);
        }
        if (last != null && !sameEvent(last, prefix.get((int) lastStored - 1))) {
            return evictAndRead(stream);
        }
        if (size == lastStored) {
            return Flux.fromIterable(prefix);
        }
        RecordedEvent cachedLast = prefix.get(size - 1);
        return Flux.fromIterable(prefix.subList(0, (int) lastStored))
                .concatWith(storedAt(stream, cachedLast.sequenceNumber())
                        .map(stored -> sameEvent(stored, cachedLast)).defaultIfEmpty(false)
                        .flatMap(stored -> stored ? Mono.<Void>empty() : evict(stream))
                        .then(Mono.empty()));
    }

    /**
     * Reads the stream's events from the cached prefix's last one on, and serves the prefix and
     * those after it when the first read is the cached last event; otherwise evicts and reads the
     * stream from storage. Nothing is emitted before that check.
     */
    private Flux<RecordedEvent> prefixThenCheckedTail(StreamId stream, List<RecordedEvent> prefix, FillTicket ticket) {
        RecordedEvent cachedLast = prefix.get(prefix.size() - 1);
        EventQuery overlapping = EventQuery.forStream(stream).toBuilder().fromSequence(cachedLast.sequenceNumber()).build();
        return repository.find(overlapping).switchOnFirst((first, tail) -> {
            if (first.hasValue() && sameEvent(first.get(), cachedLast)) {
                return Flux.defer(() -> {
                    Collector collector = new Collector(prefix);
                    return Flux.fromIterable(prefix).concatWith(tail.skip(1)
                            .doOnNext(collector::add)
                            .concatWith(Mono.defer(() -> collector.fill(stream, ticket)).then(Mono.empty())));
                });
            }
            if (first.isOnError()) {
                return tail;
            }
            // the cached last event is not stored (or not under its number): the entry outlived it
            return tail.take(0).thenMany(evictAndRead(stream));
        });
    }

    /** Evicts a stream whose cached events are not what is stored, and serves (and refills) it from storage. */
    private Flux<RecordedEvent> evictAndRead(StreamId stream) {
        return evict(stream).then(openFill(stream)).flatMapMany(ticket -> ticket
                .map(t -> readAndFill(stream, EventQuery.forStream(stream), List.of(), t))
                .orElseGet(() -> repository.find(EventQuery.forStream(stream))));
    }

    private Mono<Void> evict(StreamId stream) {
        return cache.write("evictAggregate", c -> c.evictAggregate(stream));
    }

    private Mono<RecordedEvent> storedAt(StreamId stream, long sequence) {
        return repository.find(EventQuery.forStream(stream).toBuilder().fromSequence(sequence).toSequence(sequence).limit(1).build()).next();
    }

    /**
     * Serves a trusted hit as it is, unless the cached counter shows that appends through a store
     * sharing this cache went past it (their extensions can arrive out of order): then the tail is
     * read as in verified mode.
     */
    private Flux<RecordedEvent> trusted(StreamId stream, List<RecordedEvent> prefix, long cachedSequence, FillTicket ticket) {
        return cachedSequence > prefix.size() ? prefixThenTail(stream, prefix, ticket) : Flux.fromIterable(prefix);
    }

    /**
     * Reads what of a stream may be cached, for a warm-up: the whole stream, or an empty list
     * when it is empty, has a gap or is longer than the cache's {@link EventCache#maxCachedStreamLength()}. Reads at most one
     * event past the bound.
     */
    Mono<List<RecordedEvent>> cacheablePrefix(StreamId stream) {
        return Mono.defer(() -> {
            Collector collector = new Collector(List.of());
            return repository.find(EventQuery.forStream(stream))
                    .take(maxCachedStream + 1L)
                    .doOnNext(collector::add)
                    .then(Mono.fromCallable(collector::prefix));
        });
    }

    Mono<RecordedEvent> event(UUID eventId) {
        return cache.read("getEvent", c -> c.getEvent(eventId))
                .switchIfEmpty(Mono.defer(() -> repository.findById(eventId)
                        .flatMap(event -> cache.write("putEvents", c -> c.putEvents(List.of(event))).thenReturn(event))));
    }

    /**
     * Serves cached statistics only when they are provably what is stored now: they describe a
     * gap-free stream {@code 1..N} in agreement with themselves ({@link #isDense}), and the stream's
     * last stored event, read after them, is their last event (same id and sequence number). The
     * unique sequence numbers then leave no room for another event. Anything else, including the
     * statistics of a stream with gaps or foreign rows, is computed from storage in one snapshot, and
     * only dense statistics are cached, fenced by a ticket opened before storage is read.
     */
    Mono<AggregateStats> stats(StreamId stream) {
        return cache.read("getStats", c -> c.getStats(stream))
                .filter(CachedReads::isDense)
                .zipWhen(cached -> lastStoredEvent(stream).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(read -> {
                    AggregateStats cached = read.getT1();
                    RecordedEvent last = read.getT2().orElse(null);
                    if (last != null && sameEvent(last, cached.lastEvent())) {
                        return Mono.just(cached);
                    }
                    // statistics naming an event that is not stored outlived it: evict, so that fresh ones can be cached
                    return outlived(cached, last) ? evict(stream).then(Mono.<AggregateStats>empty()) : Mono.<AggregateStats>empty();
                })
                .switchIfEmpty(Mono.defer(() -> openFill(stream).flatMap(ticket -> repository.stats(stream)
                        .flatMap(fresh -> ticket.isPresent() && isDense(fresh) && fresh.totalEvents() > 0
                                ? cache.write("putStats", c -> c.putStats(fresh, ticket.get())).thenReturn(fresh)
                                : Mono.just(fresh)))));
    }

    /**
     * Whether dense cached statistics describe events that are no longer stored: the stream now
     * ends before their last event, or holds another event under its number. (A stream that ends
     * after it has only grown, or was re-appended past it; fresh statistics replace them then.)
     */
    private static boolean outlived(AggregateStats cached, @Nullable RecordedEvent last) {
        RecordedEvent cachedLast = cached.lastEvent();
        return cachedLast != null && (last == null || last.sequenceNumber() < cachedLast.sequenceNumber()
                || last.sequenceNumber() == cachedLast.sequenceNumber() && !last.id().equals(cachedLast.id()));
    }

    /**
     * Opens the ticket of a fill, before the fill reads storage.
     *
     * @return the ticket, or nothing when the cache cannot answer (then nothing is filled)
     */
    Mono<Optional<FillTicket>> openFill(StreamId stream) {
        return cache.read("openFill", c -> c.openFill(stream)).map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private Mono<RecordedEvent> lastStoredEvent(StreamId stream) {
        return repository.find(EventQuery.forStream(stream).toBuilder().order(SortOrder.DESC).limit(1).build()).next();
    }

    private static boolean sameEvent(RecordedEvent stored, @Nullable RecordedEvent cached) {
        return cached != null && stored.id().equals(cached.id()) && stored.sequenceNumber() == cached.sequenceNumber();
    }

    /**
     * Whether statistics agree with themselves as those of a gap-free stream: the type counts add up
     * to the total, and the first and last events are numbered 1 and the total (an empty stream has
     * neither). Torn statistics, mixed from two states of the stream, fail this.
     *
     * @param stats the statistics
     * @return whether they are consistent and dense
     */
    static boolean isDense(AggregateStats stats) {
        long sum = stats.eventTypes().values().stream().mapToLong(Long::longValue).sum();
        if (sum != stats.totalEvents()) {
            return false;
        }
        RecordedEvent first = stats.firstEvent();
        RecordedEvent last = stats.lastEvent();
        if (stats.totalEvents() == 0) {
            return first == null && last == null;
        }
        return first != null && last != null && first.sequenceNumber() == 1 && last.sequenceNumber() == stats.totalEvents()
                && first.stream().equals(stats.stream()) && last.stream().equals(stats.stream());
    }

    private Flux<RecordedEvent> prefixThenTail(StreamId stream, List<RecordedEvent> prefix, FillTicket ticket) {
        EventQuery tail = EventQuery.forStream(stream).toBuilder().fromSequence((long) prefix.size() + 1).build();
        return Flux.fromIterable(prefix).concatWith(readAndFill(stream, tail, prefix, ticket));
    }

    /**
     * Streams a query over one stream, remembering (up to the bound) what passed after the
     * already-known prefix, and stores the longer prefix in the cache before completing.
     */
    private Flux<RecordedEvent> readAndFill(StreamId stream, EventQuery query, List<RecordedEvent> known, FillTicket ticket) {
        return Flux.defer(() -> {
            Collector collector = new Collector(known);
            return repository.find(query)
                    .doOnNext(collector::add)
                    .concatWith(Mono.defer(() -> collector.fill(stream, ticket)).then(Mono.empty()));
        });
    }

    private static boolean isContiguousPrefix(List<RecordedEvent> prefix) {
        for (int i = 0; i < prefix.size(); i++) {
            if (prefix.get(i).sequenceNumber() != i + 1) {
                return false;
            }
        }
        return !prefix.isEmpty();
    }

    /** Collects a contiguous prefix while it streams by; gives up beyond the bound or on a gap. */
    private final class Collector {
        private final List<RecordedEvent> known;
        private List<RecordedEvent> seen = new ArrayList<>();
        private boolean usable = true;

        Collector(List<RecordedEvent> known) {
            this.known = known;
        }

        void add(RecordedEvent event) {
            if (!usable) {
                return;
            }
            long expected = known.size() + seen.size() + 1L;
            if (event.sequenceNumber() != expected || expected > maxCachedStream) {
                usable = false;
                seen = List.of();
                return;
            }
            seen.add(event);
        }

        /** @return the known prefix and what followed it, or an empty list if that is not cacheable */
        List<RecordedEvent> prefix() {
            if (!usable || seen.isEmpty()) {
                return List.of();
            }
            List<RecordedEvent> prefix = new ArrayList<>(known.size() + seen.size());
            prefix.addAll(known);
            prefix.addAll(seen);
            return List.copyOf(prefix);
        }

        Mono<Void> fill(StreamId stream, FillTicket ticket) {
            List<RecordedEvent> prefix = prefix();
            return prefix.isEmpty() ? Mono.empty() : cache.write("putAggregateEvents", c -> c.putAggregateEvents(stream, prefix, ticket));
        }
    }
}
