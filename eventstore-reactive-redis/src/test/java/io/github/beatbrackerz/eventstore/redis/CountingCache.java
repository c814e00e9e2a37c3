package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.SequencedPrefix;
import io.github.beatbrackerz.eventstore.tck.ForwardingEventCache;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/** Delegates to a cache (fill tickets included) and counts stream reads that hit, missed or failed, so a test can show the cache was used. */
final class CountingCache extends ForwardingEventCache {

    final AtomicLong hits = new AtomicLong();
    final AtomicLong misses = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final Map<String, AtomicLong> failureKinds = new ConcurrentHashMap<>();

    CountingCache(EventCache delegate) {
        super(delegate);
    }

    @Override
    public Mono<List<RecordedEvent>> getAggregateEvents(StreamId stream) {
        return super.getAggregateEvents(stream)
                .doOnNext(hit -> hits.incrementAndGet())
                .switchIfEmpty(Mono.fromRunnable(misses::incrementAndGet))
                .doOnError(this::countFailure);
    }

    @Override
    public Mono<SequencedPrefix> getAggregateEventsAndSequenceToFill(StreamId stream) {
        return super.getAggregateEventsAndSequenceToFill(stream)
                .doOnNext(read -> (read.prefix().events().isEmpty() ? misses : hits).incrementAndGet())
                .doOnError(this::countFailure);
    }

    @Override
    public Mono<CachedPrefix> getAggregateEventsToFill(StreamId stream) {
        return super.getAggregateEventsToFill(stream)
                .doOnNext(read -> (read.events().isEmpty() ? misses : hits).incrementAndGet())
                .doOnError(this::countFailure);
    }

    private void countFailure(Throwable error) {
        failures.incrementAndGet();
        failureKinds.computeIfAbsent(String.valueOf(error.getMessage()), k -> new AtomicLong()).incrementAndGet();
    }
}
