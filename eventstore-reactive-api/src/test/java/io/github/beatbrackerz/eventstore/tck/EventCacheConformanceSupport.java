package io.github.beatbrackerz.eventstore.tck;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.LongStream;
import reactor.core.publisher.Mono;

/** The caches under test and the values the {@link EventCacheConformance} interfaces share. */
public interface EventCacheConformanceSupport {

    /** The bound of every wait in the suite. */
    Duration WAIT = Duration.ofSeconds(10);

    /** @return the cache under test, new and empty for each test */
    EventCache cache();

    /** @return the configuration's fixture */
    EventCacheFixture cacheFixture();

    /** @return another new, empty cache on the same backing store, disposed after the test */
    EventCache anotherCache();

    /** @return a cache nested inside {@link #cache()}'s namespace ({@link EventCacheFixture#newNestedCache}), disposed after the test */
    EventCache nestedCache();

    /** @return {@link EventCacheFixture#unreachableCache()}, disposed after the test */
    Optional<EventCache> unreachableCache();

    /**
     * @param maxStreamLength the limit
     * @return {@link EventCacheFixture#newCacheLimitedTo(int)}, disposed after the test
     */
    Optional<EventCache> limitedCache(int maxStreamLength);

    /**
     * @param id the aggregate id
     * @return an {@code order} stream
     */
    default StreamId stream(String id) {
        return StreamId.of(id, "order");
    }

    /**
     * @param stream the stream
     * @param sequence its sequence number
     * @return an event of the stream, the same every time it is asked for
     */
    default RecordedEvent event(StreamId stream, long sequence) {
        UUID id = UUID.nameUUIDFromBytes((stream + "#" + sequence).getBytes(StandardCharsets.UTF_8));
        return new RecordedEvent(id, sequence == 1 ? "Created" : "Added", stream, sequence, 1,
                Json.trusted("{\"amount\":" + sequence + ",\"note\":\"ü \\\"q\\\" }{\"}"), Json.trusted("{\"source\":\"cache-tck\"}"),
                Instant.parse("2026-01-02T03:04:05.123456Z").plusSeconds(sequence), "cache-tck", Position.of(500 + sequence, sequence));
    }

    /**
     * @param stream the stream
     * @param from the first sequence number
     * @param to the last sequence number, inclusive
     * @return the events {@code from..to} in order
     */
    default List<RecordedEvent> events(StreamId stream, long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(sequence -> event(stream, sequence)).toList();
    }

    /**
     * @param stream the stream
     * @param sequences sequence numbers in any order, repeats allowed
     * @return the events with those numbers, in that order
     */
    default List<RecordedEvent> eventsNumbered(StreamId stream, long... sequences) {
        List<RecordedEvent> events = new ArrayList<>();
        for (long sequence : sequences) {
            events.add(event(stream, sequence));
        }
        return events;
    }

    /**
     * @param stream the stream
     * @param sequence the snapshot's sequence number
     * @return a snapshot with a new id
     */
    default Snapshot snapshot(StreamId stream, long sequence) {
        return new Snapshot(UUID.randomUUID(), stream, sequence, Json.trusted("{\"total\":" + sequence + "}"), 1,
                Instant.parse("2026-01-02T04:00:00.000001Z"));
    }

    /**
     * @param stream the stream
     * @param total how many events the stream holds
     * @return statistics of a stream of {@code total} events
     */
    default AggregateStats stats(StreamId stream, long total) {
        return new AggregateStats(stream, total, event(stream, 1), event(stream, total), Map.of("Created", 1L, "Added", total - 1));
    }

    /**
     * Waits for a call, for test setup.
     *
     * @param call the call
     * @param <T> its value
     * @return its value, or {@code null} when it completes empty
     */
    default <T> T await(Mono<T> call) {
        return call.block(WAIT);
    }

    /**
     * @param cache a cache
     * @param stream a stream
     * @return the cached prefix, empty on a miss
     */
    default List<RecordedEvent> cached(EventCache cache, StreamId stream) {
        return cache.getAggregateEvents(stream).blockOptional(WAIT).orElse(List.of());
    }
}
