package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Cached streams: a contiguous prefix {@code 1..S} that only grows, whatever the order of the
 * writes; a list that is not such a prefix is refused, and an append extends the prefix only when
 * it follows it directly.
 */
public interface CachePrefixConformance extends EventCacheConformanceSupport {

    @Test
    default void aPrefixRoundTripsInOrder() {
        StreamId stream = stream("o-1");
        List<RecordedEvent> events = events(stream, 1, 5);
        await(cache().putAggregateEvents(stream, events));
        cache().getAggregateEvents(stream).as(StepVerifier::create).expectNext(events).expectComplete().verify(WAIT);
    }

    @Test
    default void aLongerPrefixReplacesAShorterOne() {
        StreamId stream = stream("o-1");
        await(cache().putAggregateEvents(stream, events(stream, 1, 3)));
        await(cache().putAggregateEvents(stream, events(stream, 1, 6)));
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 6));
    }

    @Test
    default void aShorterPrefixNeverReplacesALongerOne() {
        StreamId stream = stream("o-1");
        await(cache().putAggregateEvents(stream, events(stream, 1, 6)));
        await(cache().putAggregateEvents(stream, events(stream, 1, 3)));
        await(cache().putAggregateEvents(stream, events(stream, 1, 1)));
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 6));
        await(cache().putAggregateEvents(stream, events(stream, 1, 6)));
        assertThat(cached(cache(), stream)).as("the same prefix again").isEqualTo(events(stream, 1, 6));
    }

    @Test
    default void aListWithAGapIsNotCached() {
        StreamId stream = stream("o-1");
        cache().putAggregateEvents(stream, eventsNumbered(stream, 1, 2, 4)).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache().getAggregateEvents(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    @Test
    default void aListNotStartingAtOneOrOutOfOrderIsNotCached() {
        StreamId stream = stream("o-1");
        for (List<RecordedEvent> notAPrefix : List.of(events(stream, 2, 5), eventsNumbered(stream, 1, 3, 2),
                eventsNumbered(stream, 1, 1, 2), eventsNumbered(stream, 2, 1))) {
            await(cache().putAggregateEvents(stream, notAPrefix));
            assertThat(cached(cache(), stream)).as("after %s", notAPrefix.stream().map(RecordedEvent::sequenceNumber).toList()).isEmpty();
        }
    }

    @Test
    default void aRefusedListLeavesTheCachedPrefixAsItIs() {
        StreamId stream = stream("o-1");
        await(cache().putAggregateEvents(stream, events(stream, 1, 3)));
        await(cache().putAggregateEvents(stream, eventsNumbered(stream, 1, 2, 3, 5, 6)));
        await(cache().putAggregateEvents(stream, events(stream, 2, 7)));
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 3));
    }

    @Test
    default void emptyListsChangeNothing() {
        StreamId stream = stream("o-1");
        StreamId missing = stream("o-2");
        await(cache().putAggregateEvents(stream, events(stream, 1, 2)));
        Mono.when(cache().putAggregateEvents(stream, List.of()), cache().appendAggregateEvents(stream, List.of()),
                cache().putAggregateEvents(missing, List.of()), cache().appendAggregateEvents(missing, List.of()))
                .as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 2));
        cache().getAggregateEvents(missing).as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    @Test
    default void anAppendThatFollowsThePrefixDirectlyExtendsIt() {
        StreamId stream = stream("o-1");
        await(cache().putAggregateEvents(stream, events(stream, 1, 3)));
        await(cache().appendAggregateEvents(stream, events(stream, 4, 5)));
        await(cache().appendAggregateEvents(stream, events(stream, 6, 6)));
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 6));
    }

    @Test
    default void anAppendWithAGapLeavesThePrefixAsItIs() {
        StreamId stream = stream("o-1");
        await(cache().putAggregateEvents(stream, events(stream, 1, 3)));
        await(cache().appendAggregateEvents(stream, events(stream, 5, 6)));
        await(cache().appendAggregateEvents(stream, eventsNumbered(stream, 4, 6)));
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 3));
    }

    @Test
    default void anAppendOfEventsAlreadyCachedLeavesThePrefixAsItIs() {
        StreamId stream = stream("o-1");
        await(cache().putAggregateEvents(stream, events(stream, 1, 5)));
        await(cache().appendAggregateEvents(stream, events(stream, 3, 7)));
        await(cache().appendAggregateEvents(stream, events(stream, 5, 5)));
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 5));
    }

    @Test
    default void anAppendToAMissNeverCachesAListNotStartingAtOne() {
        StreamId stream = stream("o-1");
        await(cache().appendAggregateEvents(stream, events(stream, 2, 4)));
        cache().getAggregateEvents(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    @Test
    default void racingPutsAndAppendsNeverShrinkThePrefixAndEndAtTheLongest() {
        StreamId stream = stream("o-race");
        List<RecordedEvent> all = events(stream, 1, 40);
        Random random = new Random(42);
        List<Mono<Void>> writers = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            int from = random.nextInt(all.size());
            writers.add(i % 3 == 0
                    ? cache().appendAggregateEvents(stream, all.subList(from, Math.min(all.size(), from + 1 + random.nextInt(4))))
                    : cache().putAggregateEvents(stream, all.subList(0, 1 + random.nextInt(all.size()))));
        }
        List<Integer> observed = new CopyOnWriteArrayList<>();
        Mono<Void> reader = cache().getAggregateEvents(stream).map(List::size).defaultIfEmpty(0).doOnNext(observed::add).repeat(100).then();
        Mono.when(Flux.fromIterable(writers).flatMap(writer -> writer.subscribeOn(Schedulers.parallel()), 8), reader)
                .as(StepVerifier::create).expectComplete().verify(WAIT.multipliedBy(3));
        await(cache().putAggregateEvents(stream, all));

        for (int i = 1; i < observed.size(); i++) {
            assertThat(observed.get(i)).as("read %d after %s", i, observed.get(i - 1)).isGreaterThanOrEqualTo(observed.get(i - 1));
        }
        assertThat(cached(cache(), stream)).isEqualTo(all);
    }
}
