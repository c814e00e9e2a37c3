package io.github.beatbrackerz.eventstore;

import static io.github.beatbrackerz.eventstore.tck.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.FaultyCache.Mode;
import io.github.beatbrackerz.eventstore.error.CachePurgeFailedException;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventCache;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import io.github.beatbrackerz.eventstore.tck.ForwardingEventCache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The cache can only make the store faster: failing, hanging or throwing caches are bypassed. */
class CacheGuardTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static EventStore store(FaultyCache cache, CacheConsistency consistency, Duration cacheTimeout) {
        return InMemoryEventStore.builder().cache(cache)
                .options(EventStoreOptions.builder().cacheConsistency(consistency).cacheTimeout(cacheTimeout).build())
                .build();
    }

    private static final StreamId ORDER = StreamId.of("o-1", "order");

    private static List<Long> sequences(EventStore store) {
        return store.getAggregateEvents("o-1", "order").map(RecordedEvent::sequenceNumber).collectList().block(TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"ERRORS", "HANGS", "THROWS"})
    void everyOperationWorksFromStorageWhenTheCacheFails(Mode mode) {
        EventStore store = store(new FaultyCache(mode), CacheConsistency.VERIFIED, Duration.ofMillis(20));
        RecordedEvent first = store.appendEvent(event(ORDER, "Added")).block(TIMEOUT);
        store.appendEvents(List.of(event(ORDER, "Added"), event(ORDER, "Added"))).as(StepVerifier::create).expectNextCount(2).expectComplete().verify(TIMEOUT);
        assertThat(sequences(store)).containsExactly(1L, 2L, 3L);
        store.getEvent(first.id()).as(StepVerifier::create).expectNext(first).expectComplete().verify(TIMEOUT);
        store.getAggregateStats("o-1", "order").map(s -> s.totalEvents()).as(StepVerifier::create).expectNext(3L).expectComplete().verify(TIMEOUT);
        store.createSnapshot(NewSnapshot.of("o-1", "order", 2, Map.of("sum", 3))).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
        store.getLatestSnapshot("o-1", "order").map(s -> s.sequenceNumber()).as(StepVerifier::create).expectNext(2L).expectComplete().verify(TIMEOUT);
        store.warmupCache("o-1", "order").as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        store.clearAggregateCache("o-1", "order").as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        store.clearCache().as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        store.getCacheStats().as(StepVerifier::create)
                .assertNext(stats -> assertThat(stats.enabled()).isTrue())
                .expectComplete().verify(TIMEOUT);
    }

    /** A delete is made for erasure: it fails loudly when the cache did not confirm the purge; an archive does not. */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"ERRORS", "HANGS", "THROWS"})
    void aDeleteWhoseEvictionTheCacheDidNotConfirmFailsWithTheCommittedDeletion(Mode mode) {
        FaultyCache cache = new FaultyCache(Mode.HEALTHY);
        EventStore store = InMemoryEventStore.builder().cache(cache).options(EventStoreOptions.builder()
                .cacheTimeout(Duration.ofMillis(50)).cacheAdminTimeout(Duration.ofMillis(200)).cacheBackoffAfterTimeout(Duration.ZERO).build()).build();
        List<RecordedEvent> stored = store.appendEvents(List.of(event(ORDER, "Added"), event(ORDER, "Added"))).collectList().block(TIMEOUT);
        StreamId archived = StreamId.of("o-2", "order");
        store.appendEvent(event(archived, "Added")).block(TIMEOUT);
        cache.mode(mode);

        store.deleteStream(ORDER).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(CachePurgeFailedException.class, failed -> {
                    assertThat(failed.isRetryable()).isFalse();
                    assertThat(failed.deletion().removedEventIds()).containsExactly(stored.get(0).id(), stored.get(1).id());
                    assertThat(failed).hasMessageContaining("was deleted from storage (2 events)");
                }))
                .verify(TIMEOUT);
        assertThat(sequences(store)).as("the deletion is committed").containsExactly(3L);
        store.archiveStream(archived).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"ERRORS", "HANGS", "THROWS"})
    void trustedModeAlsoFallsBackToStorage(Mode mode) {
        EventStore store = store(new FaultyCache(mode), CacheConsistency.TRUST_CACHE, Duration.ofMillis(20));
        store.appendEvents(List.of(event(ORDER, "Added"), event(ORDER, "Added"))).blockLast(TIMEOUT);
        assertThat(sequences(store)).containsExactly(1L, 2L);
        store.getLatestSnapshot("o-1", "order").as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    void aHealthyCacheServesThePrefixOfRepeatedReads() {
        FaultyCache cache = new FaultyCache(Mode.HEALTHY);
        EventStore store = store(cache, CacheConsistency.VERIFIED, TIMEOUT);
        store.appendEvents(List.of(event(ORDER, "Added"), event(ORDER, "Added"))).blockLast(TIMEOUT);
        assertThat(sequences(store)).containsExactly(1L, 2L);
        assertThat(sequences(store)).containsExactly(1L, 2L);
        assertThat(cache.aggregateHits()).isEqualTo(2);
    }

    @Test
    void verifiedReadsIncludeAppendsMadeWhileTheCacheWasDown() {
        FaultyCache cache = new FaultyCache(Mode.HEALTHY);
        EventStore store = store(cache, CacheConsistency.VERIFIED, TIMEOUT);
        store.appendEvents(List.of(event(ORDER, "Added"), event(ORDER, "Added"))).blockLast(TIMEOUT);
        assertThat(sequences(store)).containsExactly(1L, 2L);
        cache.mode(Mode.ERRORS);
        store.appendEvent(event(ORDER, "Added")).block(TIMEOUT);
        cache.mode(Mode.HEALTHY);
        int hitsBefore = cache.aggregateHits();
        assertThat(sequences(store)).containsExactly(1L, 2L, 3L);
        assertThat(cache.aggregateHits()).isEqualTo(hitsBefore + 1);
        store.getAggregateStats("o-1", "order").map(s -> s.totalEvents()).as(StepVerifier::create).expectNext(3L).expectComplete().verify(TIMEOUT);
    }

    @Test
    void verifiedStatsIncludeAppendsMadeWhileTheCacheWasDown() {
        FaultyCache cache = new FaultyCache(Mode.HEALTHY);
        EventStore store = store(cache, CacheConsistency.VERIFIED, TIMEOUT);
        store.appendEvents(List.of(event(ORDER, "Added"), event(ORDER, "Added"))).blockLast(TIMEOUT);
        store.getAggregateStats("o-1", "order").map(s -> s.totalEvents()).as(StepVerifier::create).expectNext(2L).expectComplete().verify(TIMEOUT);
        cache.mode(Mode.ERRORS);
        store.appendEvent(event(ORDER, "Added")).block(TIMEOUT);
        cache.mode(Mode.HEALTHY);
        store.getAggregateStats("o-1", "order").map(s -> s.totalEvents()).as(StepVerifier::create).expectNext(3L).expectComplete().verify(TIMEOUT);
    }

    @Test
    void trustedReadsMayServeAStalePrefixUntilItIsCleared() {
        FaultyCache cache = new FaultyCache(Mode.HEALTHY);
        EventStore store = store(cache, CacheConsistency.TRUST_CACHE, TIMEOUT);
        store.appendEvents(List.of(event(ORDER, "Added"), event(ORDER, "Added"))).blockLast(TIMEOUT);
        assertThat(sequences(store)).containsExactly(1L, 2L);
        cache.mode(Mode.ERRORS);
        store.appendEvent(event(ORDER, "Added")).block(TIMEOUT);
        cache.mode(Mode.HEALTHY);
        assertThat(sequences(store)).as("the documented TRUST_CACHE trade-off").containsExactly(1L, 2L);
        store.clearAggregateCache("o-1", "order").block(TIMEOUT);
        assertThat(sequences(store)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void streamsLongerThanTheBoundAreStreamedWithoutCaching() {
        FaultyCache cache = new FaultyCache(Mode.HEALTHY);
        EventStore store = store(cache, CacheConsistency.VERIFIED, TIMEOUT);
        int total = EventCache.DEFAULT_MAX_CACHED_STREAM_LENGTH + 1;
        for (int from = 0; from < total; from += 5_000) {
            store.appendEvents(IntStream.range(from, Math.min(total, from + 5_000)).mapToObj(i -> event(ORDER, "Added")).toList())
                    .blockLast(TIMEOUT);
        }
        store.clearCache().block(TIMEOUT);
        assertThat(sequences(store)).hasSize(total);
        cache.getAggregateEvents(StreamId.of("o-1", "order")).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    void theCacheSetsTheLongestStreamTheStoreFillsIntoIt() {
        InMemoryEventCache memory = new InMemoryEventCache();
        EventCache bounded = new ForwardingEventCache(memory) {
            @Override
            public int maxCachedStreamLength() {
                return 3;
            }
        };
        EventStore store = InMemoryEventStore.builder().cache(bounded)
                .options(EventStoreOptions.builder().cacheConsistency(CacheConsistency.VERIFIED).build()).build();
        StreamId stream = StreamId.of("o-1", "order");
        store.appendEvents(IntStream.rangeClosed(1, 3).mapToObj(i -> event(ORDER, "Added")).toList()).blockLast(TIMEOUT);
        store.clearCache().block(TIMEOUT);
        assertThat(sequences(store)).containsExactly(1L, 2L, 3L);
        memory.getAggregateEvents(stream).as(StepVerifier::create).assertNext(cached -> assertThat(cached).hasSize(3))
                .expectComplete().verify(TIMEOUT);

        store.appendEvent(event(ORDER, "Added")).block(TIMEOUT);
        store.clearCache().block(TIMEOUT);
        assertThat(sequences(store)).containsExactly(1L, 2L, 3L, 4L);
        memory.getAggregateEvents(stream).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    void theBudgetRunsOnTheCachesTimeoutScheduler() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        EventCache hanging = new ForwardingEventCache(new InMemoryEventCache()) {
            @Override
            public Scheduler timeoutScheduler() {
                return clock;
            }
        };
        // an hour's budget ends in no time when the cache's own clock is advanced past it
        CacheGuard guard = new CacheGuard(hanging, Duration.ofHours(1), Duration.ofHours(2), Duration.ZERO);
        guard.read("getSequence", c -> Mono.<Long>never()).as(StepVerifier::create)
                .then(() -> clock.advanceTimeBy(Duration.ofHours(1)))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    void aCommandThatRanOutOfTimeKeepsTheStoreAwayFromTheCacheForTheBackoff() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        CacheGuard guard = new CacheGuard(onClock(clock, Mono.empty()), Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(1));
        AtomicInteger calls = new AtomicInteger();
        guard.read("getSequence", c -> counted(calls, Mono.just(1L))).as(StepVerifier::create).expectNext(1L).expectComplete().verify(TIMEOUT);

        guard.read("getSequence", c -> counted(calls, Mono.<Long>never())).as(StepVerifier::create)
                .then(() -> clock.advanceTimeBy(Duration.ofMillis(50)))
                .expectComplete().verify(TIMEOUT);
        guard.read("getSequence", c -> counted(calls, Mono.just(1L))).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        guard.write("putSequence", c -> counted(calls, Mono.<Void>empty())).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(calls).as("reads and writes during the back-off do not reach the cache").hasValue(2);

        guard.admin("clear", c -> counted(calls, Mono.just("cleared"))).as(StepVerifier::create).expectNext("cleared").expectComplete().verify(TIMEOUT);
        assertThat(calls).as("an administration call is tried during the back-off").hasValue(3);
        guard.bulkStep("openFill", c -> counted(calls, Mono.just("ticket"))).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(calls).as("a warm-up's per-stream step is not").hasValue(3);

        clock.advanceTimeBy(Duration.ofMillis(999));
        guard.read("getSequence", c -> counted(calls, Mono.just(1L))).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        clock.advanceTimeBy(Duration.ofMillis(1));
        guard.read("getSequence", c -> counted(calls, Mono.just(2L))).as(StepVerifier::create).expectNext(2L).expectComplete().verify(TIMEOUT);
        assertThat(calls).as("the first call after the back-off asks the cache again").hasValue(4);
    }

    @Test
    void aCallThatRanOutOfTimeWhileTheCacheWasConnectingDoesNotBackOff() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        Sinks.Empty<Void> connecting = Sinks.empty();
        CacheGuard guard = new CacheGuard(onClock(clock, connecting.asMono()), Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(1));
        AtomicInteger calls = new AtomicInteger();
        guard.read("getSequence", c -> counted(calls, Mono.just(1L))).as(StepVerifier::create)
                .then(() -> clock.advanceTimeBy(Duration.ofMillis(50)))
                .expectComplete().verify(TIMEOUT);
        assertThat(calls).as("the call waited for the connect and never ran").hasValue(0);

        connecting.tryEmitEmpty().orThrow();
        guard.read("getSequence", c -> counted(calls, Mono.<Long>never())).as(StepVerifier::create)
                .then(() -> clock.advanceTimeBy(Duration.ofMillis(50)))
                .expectComplete().verify(TIMEOUT);
        guard.read("getSequence", c -> counted(calls, Mono.just(3L))).as(StepVerifier::create).expectNext(3L).expectComplete().verify(TIMEOUT);
        assertThat(calls).as("no back-off: that timeout began while connecting").hasValue(2);
    }

    @Test
    void errorsAndAZeroBackoffLeaveTheCacheAskedOnEveryCall() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        AtomicInteger calls = new AtomicInteger();
        CacheGuard failing = new CacheGuard(onClock(clock, Mono.empty()), Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            failing.read("getSequence", c -> counted(calls, Mono.<Long>error(new IllegalStateException("refused")))).as(StepVerifier::create)
                    .expectComplete().verify(TIMEOUT);
        }
        assertThat(calls).as("an error is a miss, not a reason to back off").hasValue(3);

        CacheGuard noBackoff = new CacheGuard(onClock(clock, Mono.empty()), Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ZERO);
        noBackoff.read("getSequence", c -> counted(calls, Mono.just(1L))).as(StepVerifier::create).expectNext(1L).expectComplete().verify(TIMEOUT);
        for (int i = 0; i < 2; i++) {
            noBackoff.read("getSequence", c -> counted(calls, Mono.<Long>never())).as(StepVerifier::create)
                    .then(() -> clock.advanceTimeBy(Duration.ofMillis(50)))
                    .expectComplete().verify(TIMEOUT);
        }
        assertThat(calls).hasValue(6);
    }

    @Test
    void theStoreBacksOffAHangingCacheAsItsOptionsSay() {
        FaultyCache cache = new FaultyCache(Mode.HEALTHY);
        EventStore store = InMemoryEventStore.builder().cache(cache).options(EventStoreOptions.builder()
                .cacheTimeout(Duration.ofMillis(20)).cacheBackoffAfterTimeout(Duration.ofHours(1)).build()).build();
        store.appendEvents(List.of(event(ORDER, "Added"), event(ORDER, "Added"))).blockLast(TIMEOUT);
        assertThat(sequences(store)).containsExactly(1L, 2L);
        cache.mode(Mode.HANGS);
        assertThat(sequences(store)).containsExactly(1L, 2L);
        int callsAfterTheTimeout = cache.calls();
        for (int i = 0; i < 5; i++) {
            assertThat(sequences(store)).containsExactly(1L, 2L);
        }
        store.appendEvent(event(ORDER, "Added")).block(TIMEOUT);
        assertThat(sequences(store)).containsExactly(1L, 2L, 3L);
        assertThat(cache.calls()).as("during the back-off no read or write reaches the cache").isEqualTo(callsAfterTheTimeout);
    }

    @Test
    void aWarmupOpensItsTicketsWithTheAdministrationBudget() {
        // every ticket takes longer than the 20 ms read budget, far less than the administration budget
        EventCache slowTickets = new ForwardingEventCache(new InMemoryEventCache()) {
            @Override
            public Mono<FillTicket> openFill(StreamId stream) {
                return super.openFill(stream).delayElement(Duration.ofMillis(100));
            }
        };
        EventStore store = InMemoryEventStore.builder().cache(slowTickets).options(EventStoreOptions.builder()
                .cacheTimeout(Duration.ofMillis(20)).cacheAdminTimeout(Duration.ofSeconds(30))
                .cacheBackoffAfterTimeout(Duration.ZERO).build()).build(); // a slow set-up write must not back the warm-up off
        List<StreamId> streams = IntStream.range(0, 12).mapToObj(i -> StreamId.of("w-" + i, "order")).toList();
        streams.forEach(stream -> store.appendEvents(List.of(event(stream, "Added"), event(stream, "Added"))).blockLast(TIMEOUT));
        store.clearCache().block(TIMEOUT);

        store.warmupCache(streams).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        for (StreamId stream : streams) {
            slowTickets.getAggregateEvents(stream).as(StepVerifier::create).assertNext(cached -> assertThat(cached).hasSize(2))
                    .expectComplete().verify(TIMEOUT);
        }
    }

    private static EventCache onClock(Scheduler clock, Mono<Void> connect) {
        return new ForwardingEventCache(new InMemoryEventCache()) {
            @Override
            public Scheduler timeoutScheduler() {
                return clock;
            }

            @Override
            public Mono<Void> connect() {
                return connect;
            }
        };
    }

    private static <T> Mono<T> counted(AtomicInteger calls, Mono<T> call) {
        calls.incrementAndGet();
        return call;
    }
}
