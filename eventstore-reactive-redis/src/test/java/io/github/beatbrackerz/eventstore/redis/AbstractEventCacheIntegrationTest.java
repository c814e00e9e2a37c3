package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.redis.internal.CacheKeys;
import io.github.beatbrackerz.eventstore.redis.internal.CacheScript;
import io.github.beatbrackerz.eventstore.redis.internal.EventEnvelope;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Redis-specific tests of the cache on a real server, run once per topology: envelopes, key
 * layout, TTLs, scans, scripts. What every cache must do is checked by the port's conformance
 * suite ({@code EventCacheConformance}, run by the {@code *CacheConformanceIntegrationTest}s).
 */
abstract class AbstractEventCacheIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    RedisEventCache cache;
    String prefix;

    /** @return a cache on the topology under test */
    abstract RedisEventCache newCache(RedisCacheOptions options);

    /** @return raw commands on the same Redis, routing by key on a Cluster */
    abstract RedisClusterCommands<String, String> raw();

    /**
     * @return whether the Redis node that serves {@code key} holds the script {@code sha}; on a Cluster a script lives
     *         per node, so the node is the one owning the key's slot
     */
    boolean scriptLoadedFor(String key, String sha) {
        return raw().scriptExists(sha).get(0);
    }

    RedisCacheOptions.Builder options() {
        // A generous budget: these tests check behaviour, not latency, on a shared 2-core machine.
        return RedisCacheOptions.builder().keyPrefix(prefix);
    }

    @BeforeEach
    void openCache() {
        prefix = RedisTestServer.uniquePrefix(getClass());
        cache = newCache(options().build());
    }

    @AfterEach
    void closeCache() {
        cache.clear().then(cache.close()).block(WAIT);
    }

    @Test
    void aStreamReadAgainReusesWhatThisCacheDecodedAndDecodesOnlyWhatWasAppended() {
        StreamId stream = TestEvents.stream("near-" + UUID.randomUUID());
        RedisEventCache other = newCache(options().nearCacheBytes(0).build());
        try {
            other.putAggregateEvents(stream, TestEvents.events(stream, 1, 3)).block(WAIT);
            List<RecordedEvent> first = cache.getAggregateEventsToFill(stream).block(WAIT).events();
            other.appendAggregateEvents(stream, TestEvents.events(stream, 4, 5)).block(WAIT);

            List<RecordedEvent> second = cache.getAggregateEventsToFill(stream).block(WAIT).events();
            assertThat(second).isEqualTo(TestEvents.events(stream, 1, 5));
            for (int i = 0; i < 3; i++) {
                assertThat(second.get(i)).as("event %d, decoded once", i + 1).isSameAs(first.get(i));
            }
            // a cache that keeps nothing decodes every read anew
            RecordedEvent once = other.getAggregateEventsToFill(stream).block(WAIT).events().get(0);
            RecordedEvent again = other.getAggregateEventsToFill(stream).block(WAIT).events().get(0);
            assertThat(again).isEqualTo(once).isNotSameAs(once);
        } finally {
            other.close().block(WAIT);
        }
    }

    @Test
    void aKeptPrefixThatRedisNoLongerConfirmsIsReadAgainWhole() {
        StreamId stream = TestEvents.stream("near-stale-" + UUID.randomUUID());
        RedisEventCache other = newCache(options().nearCacheBytes(0).build());
        try {
            other.putAggregateEvents(stream, TestEvents.events(stream, 1, 3)).block(WAIT);
            FillTicket ticket = cache.getAggregateEventsToFill(stream).block(WAIT).ticket();

            // under the same generation, the list now holds another event 3 (as a refill after a restore would)
            RecordedEvent original = TestEvents.event(stream, 3);
            RecordedEvent other3 = new RecordedEvent(UUID.randomUUID(), original.type(), stream, 3, original.version(), original.payload(),
                    original.metadata(), original.createdAt(), original.createdBy(), original.position());
            raw().lset(new CacheKeys(prefix).events(stream), 2, EventEnvelope.encode(other3));
            CachedPrefix read = cache.getAggregateEventsToFill(stream).block(WAIT);
            assertThat(read.ticket()).isEqualTo(ticket);
            assertThat(read.events()).containsExactly(TestEvents.event(stream, 1), TestEvents.event(stream, 2), other3);

            // another instance evicts and fills another prefix: a new generation
            other.evictAggregate(stream).block(WAIT);
            List<RecordedEvent> refilled = List.of(TestEvents.event(stream, 1));
            other.putAggregateEvents(stream, refilled).block(WAIT);
            CachedPrefix afterEviction = cache.getAggregateEventsToFill(stream).block(WAIT);
            assertThat(afterEviction.events()).isEqualTo(refilled);
            assertThat(afterEviction.ticket()).isNotEqualTo(ticket);
        } finally {
            other.close().block(WAIT);
        }
    }

    @Test
    void roundTripsStreamsEventsSnapshotsSequencesAndStats() {
        StreamId stream = TestEvents.stream("round-trip");
        List<RecordedEvent> events = TestEvents.events(stream, 1, 5);
        var snapshot = TestEvents.snapshot(stream, 4);
        var stats = TestEvents.stats(stream, 5);
        Mono.when(cache.putAggregateEvents(stream, events), cache.putEvents(events), cache.putLatestSnapshot(snapshot),
                cache.putSequence(stream, 5), cache.putStats(stats)).block(WAIT);

        cache.getAggregateEvents(stream).as(StepVerifier::create).assertNext(cached -> {
            assertThat(cached).isEqualTo(events);
            assertThat(cached.get(2).payload().text()).isEqualTo(events.get(2).payload().text());
            assertThat(cached.get(2).createdAt()).isEqualTo(events.get(2).createdAt());
        }).expectComplete().verify(WAIT);
        cache.getEvent(events.get(3).id()).as(StepVerifier::create).expectNext(events.get(3)).expectComplete().verify(WAIT);
        cache.getLatestSnapshot(stream).as(StepVerifier::create).expectNext(snapshot).expectComplete().verify(WAIT);
        cache.getSequence(stream).as(StepVerifier::create).expectNext(5L).expectComplete().verify(WAIT);
        cache.getStats(stream).as(StepVerifier::create).expectNext(stats).expectComplete().verify(WAIT);
    }

    @Test
    void appendExtendsOnlyWhenContiguous() {
        StreamId stream = TestEvents.stream("append");
        List<RecordedEvent> all = TestEvents.events(stream, 1, 10);
        cache.appendAggregateEvents(stream, all.subList(1, 3)).block(WAIT);
        assertThat(cache.getAggregateEvents(stream).blockOptional(WAIT)).as("2..3 on a miss").isEmpty();
        cache.appendAggregateEvents(stream, all.subList(0, 2)).block(WAIT);
        assertThat(cache.getAggregateEvents(stream).block(WAIT)).as("1..2 starts a stream").isEqualTo(all.subList(0, 2));
        cache.putAggregateEvents(stream, all.subList(0, 5)).block(WAIT);
        cache.appendAggregateEvents(stream, all.subList(6, 8)).block(WAIT);
        assertThat(cache.getAggregateEvents(stream).block(WAIT)).as("7..8 after 5: gap").isEqualTo(all.subList(0, 5));
        cache.appendAggregateEvents(stream, all.subList(2, 4)).block(WAIT);
        assertThat(cache.getAggregateEvents(stream).block(WAIT)).as("3..4 after 5: stale").isEqualTo(all.subList(0, 5));
        cache.appendAggregateEvents(stream, all.subList(5, 7)).block(WAIT);
        assertThat(cache.getAggregateEvents(stream).block(WAIT)).as("6..7 after 5").isEqualTo(all.subList(0, 7));
    }

    @Test
    void snapshotsSequencesAndStatsOnlyMoveForward() {
        StreamId stream = TestEvents.stream("forward");
        var newer = TestEvents.snapshot(stream, 10);
        cache.putLatestSnapshot(newer).then(cache.putLatestSnapshot(TestEvents.snapshot(stream, 5))).block(WAIT);
        assertThat(cache.getLatestSnapshot(stream).block(WAIT)).isEqualTo(newer);
        var newest = TestEvents.snapshot(stream, 12);
        cache.putLatestSnapshot(newest).block(WAIT);
        assertThat(cache.getLatestSnapshot(stream).block(WAIT)).isEqualTo(newest);

        cache.putSequence(stream, 9).then(cache.putSequence(stream, 4)).block(WAIT);
        assertThat(cache.getSequence(stream).block(WAIT)).isEqualTo(9L);

        cache.putStats(TestEvents.stats(stream, 8)).then(cache.putStats(TestEvents.stats(stream, 3))).block(WAIT);
        assertThat(cache.getStats(stream).block(WAIT)).isEqualTo(TestEvents.stats(stream, 8));
    }

    @Test
    void keysCarryTheConfiguredTtlOfTheirKind() {
        cache.close().block(WAIT);
        cache = newCache(options().eventsTtl(Duration.ofSeconds(1111)).snapshotsTtl(Duration.ofSeconds(2222))
                .sequencesTtl(Duration.ofSeconds(333)).aggregateEventsTtl(Duration.ofSeconds(1444))
                .statsTtl(Duration.ofSeconds(555)).build());
        StreamId stream = TestEvents.stream("ttl");
        List<RecordedEvent> events = TestEvents.events(stream, 1, 3);
        Mono.when(cache.putAggregateEvents(stream, events), cache.putEvents(events),
                cache.putLatestSnapshot(TestEvents.snapshot(stream, 3)), cache.putSequence(stream, 3),
                cache.putStats(TestEvents.stats(stream, 3))).block(WAIT);
        CacheKeys keys = new CacheKeys(prefix);

        assertTtl(keys.events(stream), 1444);
        assertTtl(keys.event(events.get(0).id()), 1111);
        assertTtl(keys.snapshot(stream), 2222);
        assertTtl(keys.sequence(stream), 333);
        assertTtl(keys.stats(stream), 555);
        cache.appendAggregateEvents(stream, TestEvents.events(stream, 4, 4)).block(WAIT);
        assertTtl(keys.events(stream), 1444);
    }

    private void assertTtl(String key, long seconds) {
        // PTTL counts down from the configured value; allow for the time the test itself takes.
        assertThat(raw().pttl(key)).as("PTTL of %s", key).isBetween(seconds * 1000 - 60_000, seconds * 1000);
    }

    @Test
    void hostileIdsRoundTripToDistinctKeysUnderThePrefix() {
        for (String id : TestEvents.HOSTILE_IDS) {
            StreamId stream = StreamId.of(id, "type:" + id);
            List<RecordedEvent> events = TestEvents.events(stream, 1, 2);
            cache.putAggregateEvents(stream, events).then(cache.putSequence(stream, 2)).block(WAIT);
        }
        for (String id : TestEvents.HOSTILE_IDS) {
            StreamId stream = StreamId.of(id, "type:" + id);
            assertThat(cache.getAggregateEvents(stream).block(WAIT)).as(id).isEqualTo(TestEvents.events(stream, 1, 2));
        }
        List<String> written = keysMatching("*");
        assertThat(written).hasSize(2 * TestEvents.HOSTILE_IDS.size()).allMatch(k -> k.startsWith(prefix));
        assertThat(cache.stats().block(WAIT)).satisfies(stats -> {
            assertThat(stats.enabled()).isTrue();
            assertThat(stats.type()).isEqualTo("redis");
            assertThat(stats.keys()).isEqualTo(2L * TestEvents.HOSTILE_IDS.size());
            assertThat(stats.memoryBytes()).isPositive();
        });
    }

    @Test
    void clearRemovesOnlyKeysUnderThePrefix() {
        cache.close().block(WAIT);
        prefix = prefix + "glob*[x]?:";
        cache = newCache(options().build());
        String lookAlike = prefix.replace("glob*[x]?:", "globZZx!:") + "k";
        String shorter = prefix.substring(0, prefix.length() - 1) + "k";
        List<String> foreign = List.of(lookAlike, shorter, "foreign:" + prefix + "k", "{" + prefix + "}k");
        foreign.forEach(k -> raw().set(k, "mine"));
        try {
            for (int i = 0; i < 30; i++) {
                StreamId stream = TestEvents.stream("clear-" + i);
                List<RecordedEvent> events = TestEvents.events(stream, 1, 2);
                cache.putAggregateEvents(stream, events).then(cache.putEvents(events)).block(WAIT);
            }
            assertThat(cache.stats().block(WAIT).keys()).isEqualTo(90L);
            cache.clear().block(WAIT);
            assertThat(cache.stats().block(WAIT).keys()).isZero();
            assertThat(keysMatching("*")).isEmpty();
            foreign.forEach(k -> assertThat(raw().get(k)).as(k).isEqualTo("mine"));
        } finally {
            foreign.forEach(k -> raw().del(k));
        }
    }

    @Test
    void nestedPrefixesClearAndCountOnlyTheirOwnKeys() {
        // es: beside es:t2: (issue 14, item 4), and a nested prefix that looks like the event keys' own
        List<RedisEventCache> nested = List.of(newCache(options().keyPrefix(prefix + "t2:").build()),
                newCache(options().keyPrefix(prefix + "event:").build()));
        List<RedisEventCache> all = List.of(cache, nested.get(0), nested.get(1));
        try {
            for (RedisEventCache each : all) {
                for (int i = 0; i < 3; i++) {
                    StreamId stream = TestEvents.stream("nested-" + i);
                    List<RecordedEvent> events = TestEvents.events(stream, 1, 2);
                    each.putAggregateEvents(stream, events).then(each.putEvents(events)).block(WAIT);
                }
            }
            for (RedisEventCache each : all) {
                assertThat(each.stats().block(WAIT).keys()).as("keys of %s", each.options().keyPrefix()).isEqualTo(9L);
            }

            cache.clear().block(WAIT);
            assertThat(cache.stats().block(WAIT).keys()).isZero();
            for (RedisEventCache each : nested) {
                assertThat(each.stats().block(WAIT).keys()).as("keys of %s", each.options().keyPrefix()).isEqualTo(9L);
                assertThat(each.getAggregateEvents(TestEvents.stream("nested-0")).block(WAIT)).hasSize(2);
            }

            nested.get(0).clear().block(WAIT);
            assertThat(nested.get(0).stats().block(WAIT).keys()).isZero();
            assertThat(nested.get(1).stats().block(WAIT).keys()).isEqualTo(9L);
        } finally {
            Flux.fromIterable(nested).concatMap(each -> each.clear().then(each.close())).then().block(WAIT);
        }
    }

    @Test
    void appendsKeepTheGenerationSoAnOpenFillStillWrites() {
        StreamId stream = TestEvents.stream("fenced-append");
        FillTicket ticket = cache.getAggregateEventsToFill(stream).block(WAIT).ticket();
        cache.appendAggregateEvents(stream, TestEvents.events(stream, 1, 2)).block(WAIT);
        cache.putAggregateEvents(stream, TestEvents.events(stream, 1, 3), ticket).block(WAIT);
        assertThat(cache.getAggregateEvents(stream).block(WAIT)).hasSize(3);
        assertThat(cache.openFill(stream).block(WAIT)).isEqualTo(ticket);
        CacheKeys keys = new CacheKeys(prefix);
        assertThat(raw().pttl(keys.generation(stream))).as("the generation outlives the data written under it")
                .isGreaterThanOrEqualTo(raw().pttl(keys.events(stream)));
    }

    @Test
    void putFillsWritesEveryPartOfEveryStreamWithItsTtl() {
        cache.close().block(WAIT);
        cache = newCache(options().snapshotsTtl(Duration.ofSeconds(2222)).sequencesTtl(Duration.ofSeconds(333))
                .aggregateEventsTtl(Duration.ofSeconds(1444)).build());
        List<CacheFill> fills = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            StreamId stream = TestEvents.stream("fill-" + i);
            fills.add(new CacheFill(stream, TestEvents.events(stream, 1, 1 + i % 5), i % 2 == 0 ? TestEvents.snapshot(stream, 1) : null,
                    1 + i % 5));
        }
        StreamId countOnly = TestEvents.stream("fill-counter-only");
        fills.add(new CacheFill(countOnly, List.of(), null, 7));
        cache.putFills(fills).block(WAIT);

        CacheKeys keys = new CacheKeys(prefix);
        for (CacheFill fill : fills) {
            StreamId stream = fill.stream();
            assertThat(cache.getAggregateEvents(stream).blockOptional(WAIT)).as("events of %s", stream)
                    .isEqualTo(fill.prefix().isEmpty() ? Optional.empty() : Optional.of(fill.prefix()));
            assertThat(cache.getLatestSnapshot(stream).blockOptional(WAIT)).as("snapshot of %s", stream)
                    .isEqualTo(Optional.ofNullable(fill.snapshot()));
            assertThat(cache.getSequence(stream).block(WAIT)).as("counter of %s", stream).isEqualTo(fill.sequence());
        }
        assertTtl(keys.events(fills.get(3).stream()), 1444);
        assertTtl(keys.snapshot(fills.get(2).stream()), 2222);
        assertTtl(keys.sequence(countOnly), 333);
        assertThat(keysMatching("*")).hasSize(40 + 20 + 41);
    }

    @Test
    void aReadToFillReloadsItsScriptAfterRedisForgotIt() {
        StreamId stream = TestEvents.stream("read-noscript");
        cache.putAggregateEvents(stream, TestEvents.events(stream, 1, 2)).block(WAIT);
        FillTicket before = cache.openFill(stream).block(WAIT);
        raw().scriptFlush();
        assertThat(scriptLoadedFor(new CacheKeys(prefix).generation(stream), CacheScript.OPEN_FILL.sha())).as("script cache flushed").isFalse();

        CachedPrefix read = cache.getAggregateEventsToFill(stream).block(WAIT);

        assertThat(read.events()).isEqualTo(TestEvents.events(stream, 1, 2));
        assertThat(read.ticket()).isEqualTo(before);
    }

    @Test
    void putFillsReloadsItsScriptsAfterRedisForgotThem() {
        StreamId stream = TestEvents.stream("fill-noscript");
        cache.putSequence(stream, 1).block(WAIT);
        raw().scriptFlush();
        String counter = new CacheKeys(prefix).sequence(stream);
        assertThat(scriptLoadedFor(counter, CacheScript.PUT_MAX.sha())).as("script cache flushed").isFalse();
        List<RecordedEvent> events = TestEvents.events(stream, 1, 4);

        cache.putFills(List.of(new CacheFill(stream, events, TestEvents.snapshot(stream, 4), 4))).block(WAIT);

        assertThat(cache.getAggregateEvents(stream).block(WAIT)).isEqualTo(events);
        assertThat(cache.getLatestSnapshot(stream).block(WAIT).sequenceNumber()).isEqualTo(4L);
        assertThat(cache.getSequence(stream).block(WAIT)).isEqualTo(4L);
        assertThat(scriptLoadedFor(counter, CacheScript.PUT_MAX.sha())).as("script loaded again").isTrue();
    }

    List<String> keysMatching(String suffix) {
        return ScanIterator.scan(raw(), ScanArgs.Builder.matches(new CacheKeys(prefix).escapedPrefix() + suffix).limit(500))
                .stream().toList();
    }
}
