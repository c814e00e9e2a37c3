package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.EventRepository;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads that the cache may serve: aggregate streams, events by id and statistics. In
 * {@link CacheConsistency#VERIFIED} mode a cached stream is always completed from storage, so no
 * read misses an event whose append completed before it.
 */
final class CachedReads {

    /** Streams longer than this are streamed without caching, never collected in memory. */
    static final int MAX_CACHED_STREAM = 10_000;

    private final EventRepository repository;
    private final CacheGuard cache;
    private final CacheConsistency consistency;

    CachedReads(EventRepository repository, CacheGuard cache, CacheConsistency consistency) {
        this.repository = repository;
        this.cache = cache;
        this.consistency = consistency;
    }

    /**
     * Reads a stream, served or completed from the cache. The cached prefix is read together with
     * the ticket of the fill that may follow ({@link EventCache#getAggregateEventsToFill}), so a
     * clear or eviction that completes meanwhile makes the cache drop that fill. When the cache
     * cannot answer, the stream is read from storage and nothing is filled.
     */
    Flux<RecordedEvent> aggregateEvents(StreamId stream) {
        if (!cache.enabled()) {
            return repository.find(EventQuery.forStream(stream));
        }
        Mono<Optional<CachedPrefix>> cached = cache.read("getAggregateEvents", c -> c.getAggregateEventsToFill(stream))
                .map(Optional::of).defaultIfEmpty(Optional.empty());
        // the check runs beside the cache read: the counter in TRUST_CACHE, the last stored sequence number otherwise
        Mono<Long> check = consistency == CacheConsistency.TRUST_CACHE
                ? cache.read("getSequence", c -> c.getSequence(stream)).defaultIfEmpty(0L)
                : lastStoredSequence(stream);
        return cached.zipWith(check).flatMapMany(read -> read.getT1()
                .map(hit -> served(stream, hit, read.getT2()))
                .orElseGet(() -> repository.find(EventQuery.forStream(stream))));
    }

    private Flux<RecordedEvent> served(StreamId stream, CachedPrefix read, long check) {
        if (!isContiguousPrefix(read.events())) {
            return readAndFill(stream, EventQuery.forStream(stream), List.of(), read.ticket());
        }
        return consistency == CacheConsistency.TRUST_CACHE
                ? trusted(stream, read.events(), check, read.ticket())
                : verified(stream, read.events(), check, read.ticket());
    }

    /**
     * Serves a cached prefix as it is when it reaches the stream's last stored sequence number,
     * which was read at the same time as the cache (so the check costs no extra round trip): an
     * append that completed before this read began is at or below that number, since one stream's
     * appends commit in sequence order. A shorter prefix is completed from storage.
     */
    private Flux<RecordedEvent> verified(StreamId stream, List<RecordedEvent> prefix, long lastStored, FillTicket ticket) {
        return prefix.size() >= lastStored ? Flux.fromIterable(prefix) : prefixThenTail(stream, prefix, ticket);
    }

    private Mono<Long> lastStoredSequence(StreamId stream) {
        EventQuery last = EventQuery.forStream(stream).toBuilder().order(SortOrder.DESC).limit(1).build();
        return repository.find(last).next().map(RecordedEvent::sequenceNumber).defaultIfEmpty(0L);
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
     * when it is empty, has a gap or is longer than {@link #MAX_CACHED_STREAM}. Reads at most one
     * event past the bound.
     */
    Mono<List<RecordedEvent>> cacheablePrefix(StreamId stream) {
        return Mono.defer(() -> {
            Collector collector = new Collector(List.of());
            return repository.find(EventQuery.forStream(stream))
                    .take(MAX_CACHED_STREAM + 1L)
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
                .filterWhen(cached -> lastStoredEvent(stream).map(last -> sameEvent(last, cached.lastEvent())).defaultIfEmpty(false))
                .switchIfEmpty(Mono.defer(() -> openFill(stream).flatMap(ticket -> repository.stats(stream)
                        .flatMap(fresh -> ticket.isPresent() && isDense(fresh) && fresh.totalEvents() > 0
                                ? cache.write("putStats", c -> c.putStats(fresh, ticket.get())).thenReturn(fresh)
                                : Mono.just(fresh)))));
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
            if (event.sequenceNumber() != expected || expected > MAX_CACHED_STREAM) {
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
