package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Single events by id, latest snapshots, sequence counters and statistics, warm-up batches, the
 * stream length limit and the cache's own statistics: misses complete empty, snapshots and
 * counters only move forward, and a warm-up batch follows the rules of the single writes.
 */
public interface CacheEntriesConformance extends EventCacheConformanceSupport {

    @Test
    default void missesCompleteEmpty() {
        StreamId stream = stream("nothing-here");
        cache().getAggregateEvents(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache().getEvent(UUID.randomUUID()).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache().getLatestSnapshot(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache().getSequence(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache().getStats(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache().getAggregateEventsToFill(stream).as(StepVerifier::create)
                .assertNext(read -> assertThat(read.events()).as("a miss to fill is an empty prefix, not an empty Mono").isEmpty())
                .expectComplete().verify(WAIT);
    }

    @Test
    default void eventsAreCachedById() {
        StreamId stream = stream("o-1");
        List<RecordedEvent> events = events(stream, 1, 3);
        await(cache().putEvents(events));
        for (RecordedEvent event : events) {
            cache().getEvent(event.id()).as(StepVerifier::create).expectNext(event).expectComplete().verify(WAIT);
        }
        assertThat(cached(cache(), stream)).as("caching events by id caches no stream").isEmpty();
    }

    @Test
    default void theLatestSnapshotOnlyMovesForward() {
        StreamId stream = stream("o-1");
        Snapshot five = snapshot(stream, 5);
        await(cache().putLatestSnapshot(five));
        await(cache().putLatestSnapshot(snapshot(stream, 3)));
        cache().getLatestSnapshot(stream).as(StepVerifier::create).expectNext(five).expectComplete().verify(WAIT);

        Snapshot sameSequence = snapshot(stream, 5);
        await(cache().putLatestSnapshot(sameSequence));
        cache().getLatestSnapshot(stream).as(StepVerifier::create).as("a snapshot no older replaces it")
                .expectNext(sameSequence).expectComplete().verify(WAIT);
        Snapshot eight = snapshot(stream, 8);
        await(cache().putLatestSnapshot(eight));
        cache().getLatestSnapshot(stream).as(StepVerifier::create).expectNext(eight).expectComplete().verify(WAIT);
    }

    @Test
    default void theSequenceCounterOnlyMovesForward() {
        StreamId stream = stream("o-1");
        await(cache().putSequence(stream, 7));
        await(cache().putSequence(stream, 4));
        cache().getSequence(stream).as(StepVerifier::create).expectNext(7L).expectComplete().verify(WAIT);
        await(cache().putSequence(stream, 9));
        cache().getSequence(stream).as(StepVerifier::create).expectNext(9L).expectComplete().verify(WAIT);
    }

    @Test
    default void statisticsAreCachedPerStreamAndNewerOnesReplaceThem() {
        StreamId first = stream("o-1");
        StreamId second = stream("o-2");
        await(Mono.when(cache().putStats(stats(first, 3)), cache().putStats(stats(second, 5))));
        await(cache().putStats(stats(first, 4)));
        cache().getStats(first).as(StepVerifier::create).expectNext(stats(first, 4)).expectComplete().verify(WAIT);
        cache().getStats(second).as(StepVerifier::create).expectNext(stats(second, 5)).expectComplete().verify(WAIT);
    }

    @Test
    default void putFillsWritesEveryPartOfEveryStream() {
        StreamId full = stream("fill-full");
        StreamId noSnapshot = stream("fill-no-snapshot");
        StreamId counterOnly = stream("fill-counter-only");
        Snapshot snapshot = snapshot(full, 2);
        await(cache().putFills(List.of(new CacheFill(full, events(full, 1, 3), snapshot, 3),
                new CacheFill(noSnapshot, events(noSnapshot, 1, 2), null, 2), new CacheFill(counterOnly, List.of(), null, 7))));

        assertThat(cached(cache(), full)).isEqualTo(events(full, 1, 3));
        assertThat(await(cache().getLatestSnapshot(full))).isEqualTo(snapshot);
        assertThat(await(cache().getSequence(full))).isEqualTo(3L);
        assertThat(cached(cache(), noSnapshot)).isEqualTo(events(noSnapshot, 1, 2));
        cache().getLatestSnapshot(noSnapshot).as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(await(cache().getSequence(counterOnly))).isEqualTo(7L);
        cache().getAggregateEvents(counterOnly).as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    @Test
    default void putFillsFollowsTheRulesOfTheSingleWrites() {
        StreamId stream = stream("fill-forward");
        StreamId gapped = stream("fill-gapped");
        Snapshot newer = snapshot(stream, 6);
        await(Mono.when(cache().putAggregateEvents(stream, events(stream, 1, 6)), cache().putLatestSnapshot(newer),
                cache().putSequence(stream, 6)));

        await(cache().putFills(List.of(new CacheFill(stream, events(stream, 1, 3), snapshot(stream, 3), 3),
                new CacheFill(gapped, eventsNumbered(gapped, 1, 3), null, 3))));

        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 6));
        assertThat(await(cache().getLatestSnapshot(stream))).isEqualTo(newer);
        assertThat(await(cache().getSequence(stream))).isEqualTo(6L);
        assertThat(cached(cache(), gapped)).as("a list with a gap").isEmpty();
        assertThat(await(cache().getSequence(gapped))).as("the counter beside a refused list").isEqualTo(3L);
    }

    @Test
    default void aStreamLongerThanTheLimitIsNotCached() {
        StreamId stream = stream("o-long");
        Optional<EventCache> limited = limitedCache(5);
        if (limited.isPresent()) {
            EventCache cache = limited.get();
            await(cache.putAggregateEvents(stream, events(stream, 1, 6)));
            assertThat(cached(cache, stream)).as("6 events over a limit of 5").isEmpty();
            await(cache.putAggregateEvents(stream, events(stream, 1, 5)));
            await(cache.appendAggregateEvents(stream, events(stream, 6, 6)));
            assertThat(cached(cache, stream)).as("an append past the limit").isEqualTo(events(stream, 1, 5));
        } else {
            List<RecordedEvent> events = events(stream, 1, 2_000);
            await(cache().putAggregateEvents(stream, events));
            assertThat(cached(cache(), stream)).as("a cache without a limit caches a long stream in full").isEqualTo(events);
        }
    }

    @Test
    default void statsDescribeWhatTheCacheHolds() {
        assertThat(cache().enabled()).isTrue();
        StreamId stream = stream("o-1");
        await(Mono.when(cache().putAggregateEvents(stream, events(stream, 1, 2)), cache().putEvents(events(stream, 1, 2)),
                cache().putSequence(stream, 2)));
        CacheStats filled = await(cache().stats());
        assertThat(filled.enabled()).isTrue();
        assertThat(filled.type()).isNotBlank();
        if (filled.keys() != null) {
            assertThat(filled.keys()).as("keys after writes").isPositive();
        }
        await(cache().clear());
        CacheStats cleared = await(cache().stats());
        if (cleared.keys() != null) {
            assertThat(cleared.keys()).as("keys after a clear").isZero();
        }
    }
}
