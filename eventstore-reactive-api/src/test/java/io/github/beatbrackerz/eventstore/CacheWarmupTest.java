package io.github.beatbrackerz.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.FaultyCache.Mode;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@code warmupCache} reads a few streams at a time and writes them in batches; a failed batch costs only itself. */
class CacheWarmupTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int STREAMS = 70;

    private final FaultyCache cache = new FaultyCache(Mode.HEALTHY);
    private final EventStore store = InMemoryEventStore.builder().cache(cache)
            .options(EventStoreOptions.builder().warmupBatchSize(32).warmupConcurrency(4).build()).build();
    private final List<StreamId> streams = IntStream.range(0, STREAMS).mapToObj(i -> StreamId.of("w-" + i, "order")).toList();

    CacheWarmupTest() {
        for (StreamId stream : streams) {
            store.appendEvent(NewEvent.builder().type("Added").aggregateId(stream.aggregateId()).aggregateType("order")
                    .createdBy("t").payload(Map.of("n", 1)).build()).block(TIMEOUT);
        }
        store.clearCache().block(TIMEOUT);
    }

    private long cachedStreams() {
        return streams.stream().filter(stream -> cache.getAggregateEvents(stream).blockOptional(TIMEOUT).isPresent()).count();
    }

    @Test
    void writesEveryStreamInBatchesOfTheConfiguredSize() {
        store.warmupCache(streams).as(StepVerifier::create).expectComplete().verify(TIMEOUT);

        assertThat(cache.fillBatches()).containsExactly(32, 32, 6);
        assertThat(cachedStreams()).isEqualTo(STREAMS);
        assertThat(cache.getSequence(streams.get(69)).block(TIMEOUT)).isEqualTo(1L);
    }

    @Test
    void aFailedBatchIsSkippedAndTheOthersAreStillWritten() {
        cache.failNextFills(1);

        store.warmupCache(streams).as(StepVerifier::create).expectComplete().verify(TIMEOUT);

        assertThat(cache.fillBatches()).containsExactly(32, 32, 6);
        assertThat(cachedStreams()).isEqualTo(STREAMS - 32);
    }

    @Test
    void streamsWithoutEventsAndRepeatedStreamsWriteNothingExtra() {
        List<StreamId> asked = List.of(streams.get(0), StreamId.of("nobody", "order"), streams.get(0));

        store.warmupCache(asked).as(StepVerifier::create).expectComplete().verify(TIMEOUT);

        assertThat(cache.fillBatches()).containsExactly(1);
        assertThat(cachedStreams()).isEqualTo(1);
    }

    @Test
    void nothingHappensUntilSubscribed() {
        store.warmupCache(streams);

        assertThat(cache.fillBatches()).isEmpty();
        assertThat(cachedStreams()).isZero();
    }
}
