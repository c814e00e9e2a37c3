package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Statistics, stream validation and the cache administration calls, with or without a cache. */
public interface InspectionConformance extends ConformanceSupport {

    @Test
    default void statsCountEventsPerTypeAndNameTheFirstAndLast() {
        List<RecordedEvent> stored = append(event("o-1", "Added", 1), event("o-1", "Added", 2), event("o-1", "Paid", 3));
        append(event("o-2", "Added", 1));
        store().getAggregateStats("o-1", ORDER).as(StepVerifier::create)
                .assertNext(stats -> {
                    assertThat(stats.stream()).isEqualTo(StreamId.of("o-1", ORDER));
                    assertThat(stats.totalEvents()).isEqualTo(3);
                    assertThat(stats.firstEvent()).isEqualTo(stored.get(0));
                    assertThat(stats.lastEvent()).isEqualTo(stored.get(2));
                    assertThat(stats.eventTypes()).isEqualTo(Map.of("Added", 2L, "Paid", 1L));
                    assertThat(stats.lastSequence()).isEqualTo(3);
                })
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void statsOfAnEmptyStreamAreZero() {
        store().getAggregateStats("nobody", ORDER).as(StepVerifier::create)
                .assertNext(stats -> {
                    assertThat(stats.totalEvents()).isZero();
                    assertThat(stats.firstEvent()).isNull();
                    assertThat(stats.lastEvent()).isNull();
                    assertThat(stats.eventTypes()).isEmpty();
                })
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void statsIncludeEventsAppendedAfterEarlierStats() {
        appendEach("o-1", 2);
        store().getAggregateStats("o-1", ORDER).map(s -> s.totalEvents()).as(StepVerifier::create).expectNext(2L).expectComplete().verify(TIMEOUT);
        store().getAggregateStats("o-1", ORDER).map(s -> s.totalEvents()).as(StepVerifier::create).expectNext(2L).expectComplete().verify(TIMEOUT);
        appendEach("o-1", 1);
        store().getAggregateStats("o-1", ORDER).map(s -> s.totalEvents()).as(StepVerifier::create).expectNext(3L).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void validateEventStreamFindsAHealthyOrEmptyStreamValid() {
        appendEach("o-1", 3);
        store().validateEventStream("o-1", ORDER).as(StepVerifier::create)
                .assertNext(result -> {
                    assertThat(result.valid()).isTrue();
                    assertThat(result.issues()).isEmpty();
                    assertThat(result.stream()).isEqualTo(StreamId.of("o-1", ORDER));
                })
                .expectComplete().verify(TIMEOUT);
        store().validateEventStream("nobody", ORDER).map(r -> r.valid()).as(StepVerifier::create).expectNext(true).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void warmupCacheLeavesReadsCompleteAndCurrent() {
        appendEach("o-1", 3);
        store().warmupCache("o-1", ORDER).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(3);
        appendEach("o-1", 1);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).extracting(RecordedEvent::sequenceNumber)
                .containsExactly(1L, 2L, 3L, 4L);
        store().warmupCache("nobody", ORDER).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void warmupCacheOfManyStreamsCachesEachOnceAndKeepsReadsCurrent() {
        List<StreamId> streams = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            appendEach("w-" + i, 1 + i % 4);
            streams.add(StreamId.of("w-" + i, ORDER));
        }
        store().createSnapshot(NewSnapshot.of("w-3", ORDER, 2, Map.of("sum", 3))).block(TIMEOUT);
        store().clearCache().block(TIMEOUT);
        CacheStats before = store().getCacheStats().block(TIMEOUT);
        List<StreamId> asked = new ArrayList<>(streams);
        asked.add(streams.get(0));
        asked.add(StreamId.of("nobody", ORDER));

        store().warmupCache(asked).as(StepVerifier::create).expectComplete().verify(TIMEOUT);

        CacheStats after = store().getCacheStats().block(TIMEOUT);
        if (after.enabled()) {
            // at least one key per stream, however the adapter lays them out
            assertThat(after.keys() - before.keys()).isGreaterThanOrEqualTo(streams.size());
        } else {
            assertThat(after.keys()).isNull();
        }
        appendEach("w-5", 1);
        for (int i = 0; i < 40; i++) {
            long expected = 1 + i % 4 + (i == 5 ? 1 : 0);
            assertThat(collect(store().getAggregateEvents("w-" + i, ORDER))).as("w-%d", i)
                    .extracting(RecordedEvent::sequenceNumber)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
        }
        store().getLatestSnapshot("w-3", ORDER).map(Snapshot::sequenceNumber).as(StepVerifier::create)
                .expectNext(2L).expectComplete().verify(TIMEOUT);
        store().warmupCache(List.of()).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void clearAggregateCacheKeepsEverythingReadable() {
        appendEach("o-1", 2);
        collect(store().getAggregateEvents("o-1", ORDER));
        store().clearAggregateCache("o-1", ORDER).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(2);
        store().getAggregateStats("o-1", ORDER).map(s -> s.totalEvents()).as(StepVerifier::create).expectNext(2L).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void clearCacheKeepsEverythingReadable() {
        RecordedEvent first = appendEach("o-1", 2).get(0);
        collect(store().getAggregateEvents("o-1", ORDER));
        store().clearCache().as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(2);
        store().getEvent(first.id()).as(StepVerifier::create).expectNext(first).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void getCacheStatsSaysWhetherACacheIsEnabled() {
        store().getCacheStats().as(StepVerifier::create)
                .assertNext(stats -> {
                    assertThat(stats.type()).isNotBlank();
                    if (!stats.enabled()) {
                        assertThat(stats.type()).isEqualTo("none");
                        assertThat(stats.keys()).isNull();
                    }
                })
                .expectComplete().verify(TIMEOUT);
    }
}
