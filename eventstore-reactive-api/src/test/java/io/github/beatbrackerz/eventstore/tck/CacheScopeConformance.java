package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What evictions and clears remove: an eviction everything of one stream and nothing else, a
 * clear everything this cache wrote and nothing of another cache, even one whose namespace is
 * nested in this one's or contains it.
 */
public interface CacheScopeConformance extends EventCacheConformanceSupport {

    private void fill(EventCache cache, StreamId stream) {
        List<RecordedEvent> events = events(stream, 1, 3);
        await(Mono.when(cache.putAggregateEvents(stream, events), cache.putEvents(events), cache.putLatestSnapshot(snapshot(stream, 2)),
                cache.putSequence(stream, 3), cache.putStats(stats(stream, 3))));
    }

    private void assertFilled(EventCache cache, StreamId stream, String which) {
        assertThat(cached(cache, stream)).as("events of %s in %s", stream, which).isEqualTo(events(stream, 1, 3));
        assertThat(await(cache.getEvent(event(stream, 2).id()))).as("event by id of %s in %s", stream, which).isEqualTo(event(stream, 2));
        assertThat(await(cache.getLatestSnapshot(stream))).as("snapshot of %s in %s", stream, which).isNotNull();
        assertThat(await(cache.getSequence(stream))).as("counter of %s in %s", stream, which).isEqualTo(3L);
        assertThat(await(cache.getStats(stream))).as("stats of %s in %s", stream, which).isEqualTo(stats(stream, 3));
    }

    private void assertStreamGone(EventCache cache, StreamId stream) {
        cache.getAggregateEvents(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache.getLatestSnapshot(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache.getSequence(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache.getStats(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    @Test
    default void evictRemovesEveryPartOfOneStreamOnly() {
        StreamId evicted = stream("evicted");
        StreamId kept = stream("kept");
        fill(cache(), evicted);
        fill(cache(), kept);
        cache().evictAggregate(evicted).as(StepVerifier::create).expectComplete().verify(WAIT);
        assertStreamGone(cache(), evicted);
        assertFilled(cache(), kept, "the same cache");
    }

    @Test
    default void evictingAStreamNothingIsCachedForChangesNothing() {
        StreamId kept = stream("kept");
        fill(cache(), kept);
        cache().evictAggregate(stream("never-cached")).as(StepVerifier::create).expectComplete().verify(WAIT);
        assertFilled(cache(), kept, "the same cache");
    }

    @Test
    default void clearRemovesEverythingAndTheCacheFillsAgain() {
        StreamId first = stream("o-1");
        StreamId second = stream("o-2");
        fill(cache(), first);
        fill(cache(), second);
        cache().clear().as(StepVerifier::create).expectComplete().verify(WAIT);
        for (StreamId stream : List.of(first, second)) {
            assertStreamGone(cache(), stream);
            cache().getEvent(event(stream, 1).id()).as(StepVerifier::create).expectComplete().verify(WAIT);
        }
        fill(cache(), first);
        assertFilled(cache(), first, "the cleared cache");
    }

    @Test
    default void clearAndEvictLeaveAnotherCacheAsItIs() {
        StreamId stream = stream("shared-name");
        EventCache other = anotherCache();
        fill(cache(), stream);
        fill(other, stream);
        await(cache().evictAggregate(stream));
        assertFilled(other, stream, "the other cache after an eviction");
        fill(cache(), stream);
        await(cache().clear());
        assertStreamGone(cache(), stream);
        assertFilled(other, stream, "the other cache after a clear");
    }

    @Test
    default void clearAndEvictLeaveANestedCacheAsItIs() {
        StreamId stream = stream("shared-name");
        EventCache nested = nestedCache();
        fill(cache(), stream);
        fill(nested, stream);
        await(cache().evictAggregate(stream));
        assertFilled(nested, stream, "the nested cache after the outer one's eviction");
        fill(cache(), stream);
        await(cache().clear());
        assertStreamGone(cache(), stream);
        assertFilled(nested, stream, "the nested cache after the outer one's clear");
        Long nestedKeys = await(nested.stats()).keys();
        if (nestedKeys != null) {
            assertThat(nestedKeys).as("keys the nested cache still counts").isPositive();
        }
    }

    @Test
    default void clearOfANestedCacheLeavesTheOuterOneAsItIs() {
        StreamId stream = stream("shared-name");
        EventCache nested = nestedCache();
        fill(cache(), stream);
        fill(nested, stream);
        await(nested.clear());
        assertStreamGone(nested, stream);
        assertFilled(cache(), stream, "the outer cache after the nested one's clear");
    }
}
