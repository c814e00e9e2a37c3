package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * Cache entries that outlive what is stored (issue 14, item 3). PostgreSQL is "restored" by
 * deleting a stream's rows (or truncating the tables) behind the store's back and, where the test
 * says so, appending different events under the same sequence numbers through a store without a
 * cache (another instance after the restore). A {@code VERIFIED} read never serves a vanished or
 * replaced event, and the stale entry is dropped from Redis.
 */
class RestoredStoreCacheIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private String schema;
    private RedisEventCache cache;
    private EventStore cached;
    private EventStore plain;
    private final StreamId stream = StreamId.of("restored-" + UUID.randomUUID(), "order");

    @BeforeEach
    void start() {
        schema = DB.newSchema(true);
        cache = RedisEventCaches.standalone(RedisTestServer.standalone(), RedisCacheOptions.builder()
                .keyPrefix(RedisTestServer.uniquePrefix(getClass())).build());
        cached = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).cache(cache).subscriptions(SubscriptionMode.disabled())
                .eventStoreOptions(EventStoreOptions.builder().cacheTimeout(Duration.ofSeconds(5)).build()).build();
        plain = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        // the first verified read moves the fresh cache to the store's epoch (and is served from storage)
        cached.getAggregateEvents("warm-up", "order").then().block(WAIT);
        StepVerifier.create(cache.epoch()).expectNext(storedEpoch()).expectComplete().verify(WAIT);
    }

    @AfterEach
    void stop() {
        cached.close().then(plain.close()).block(WAIT);
        cache.clear().then(cache.close()).block(WAIT);
    }

    @Test
    void replacedEventsUnderTheSameNumbersAreNeverServedAndTheEntryIsReplaced() {
        List<RecordedEvent> before = append(cached, "Before", 5);
        assertThat(readThroughCache()).isEqualTo(ids(before));
        assertThat(cachedIds()).isEqualTo(ids(before));

        restoreTo(2);
        List<RecordedEvent> after = append(plain, "After", 3);
        List<UUID> expected = List.of(before.get(0).id(), before.get(1).id(), after.get(0).id(), after.get(1).id(), after.get(2).id());

        assertThat(readThroughCache()).isEqualTo(expected);
        // the stale entry was dropped and refilled with what is stored
        assertThat(cachedIds()).isEqualTo(expected);
        assertThat(readThroughCache()).isEqualTo(expected);
    }

    @Test
    void aCacheLongerThanTheRestoredStreamServesOnlyWhatIsStoredAndIsDropped() {
        List<RecordedEvent> before = append(cached, "Before", 5);
        assertThat(readThroughCache()).isEqualTo(ids(before));

        restoreTo(3);
        assertThat(readThroughCache()).isEqualTo(ids(before.subList(0, 3)));
        assertThat(cachedIds()).as("the entry holding events 4 and 5 is dropped").isEmpty();

        List<RecordedEvent> after = append(plain, "After", 2);
        List<UUID> expected = List.of(before.get(0).id(), before.get(1).id(), before.get(2).id(), after.get(0).id(), after.get(1).id());
        assertThat(readThroughCache()).isEqualTo(expected);
        assertThat(readThroughCache()).isEqualTo(expected);
    }

    @Test
    void aCacheShorterThanTheRestoredStreamIsCheckedWhereItEnds() {
        List<RecordedEvent> before = append(cached, "Before", 3);
        assertThat(readThroughCache()).isEqualTo(ids(before));

        restoreTo(0);
        List<RecordedEvent> after = append(plain, "After", 5);

        assertThat(readThroughCache()).isEqualTo(ids(after));
        assertThat(cachedIds()).isEqualTo(ids(after));
    }

    @Test
    void aDeletedStreamReadsEmptyAndItsEntryIsDropped() {
        append(cached, "Before", 4);
        readThroughCache();

        restoreTo(0);
        assertThat(readThroughCache()).isEmpty();
        assertThat(cachedIds()).isEmpty();
    }

    @Test
    void truncatedTablesAreNeverServedFromTheCache() {
        List<RecordedEvent> before = append(cached, "Before", 4);
        readThroughCache();

        DB.execute("TRUNCATE " + schema + ".events, " + schema + ".aggregate_sequences, " + schema + ".snapshots").block(WAIT);
        List<RecordedEvent> after = append(plain, "After", 4);

        assertThat(readThroughCache()).isEqualTo(ids(after)).doesNotContainAnyElementsOf(ids(before));
        assertThat(cachedIds()).isEqualTo(ids(after));
    }

    @Test
    void statisticsOfVanishedEventsAreNeverServedAndAreDropped() {
        append(cached, "Before", 5);
        AggregateStats cachedStats = stats();
        assertThat(cachedStats.totalEvents()).isEqualTo(5);
        StepVerifier.create(cache.getStats(stream)).expectNextCount(1).expectComplete().verify(WAIT);

        restoreTo(3);
        AggregateStats restored = stats();
        assertThat(restored.totalEvents()).isEqualTo(3);
        assertThat(restored.lastSequence()).isEqualTo(3);
        // the statistics of five events were evicted and those of the three stored ones cached
        StepVerifier.create(cache.getStats(stream))
                .assertNext(stats -> assertThat(stats.totalEvents()).isEqualTo(3))
                .expectComplete().verify(WAIT);

        restoreTo(2);
        List<RecordedEvent> after = append(plain, "After", 1);
        AggregateStats replaced = stats();
        assertThat(replaced.totalEvents()).isEqualTo(3);
        assertThat(replaced.lastEvent()).isNotNull();
        assertThat(replaced.lastEvent().id()).isEqualTo(after.get(0).id());
    }

    @Test
    void rotatingTheEpochDropsTheWholeCacheEventsByIdIncluded() {
        List<RecordedEvent> before = append(cached, "Before", 3);
        assertThat(readThroughCache()).isEqualTo(ids(before));
        assertThat(cachedIds()).isEqualTo(ids(before));
        UUID first = before.get(0).id();
        assertThat(cached.getEvent(first).map(RecordedEvent::id).block(WAIT)).isEqualTo(first);
        StepVerifier.create(cache.getEvent(first)).expectNextCount(1).expectComplete().verify(WAIT);

        restoreTo(0);
        // events by id are not checked against storage: this is what the epoch is for
        assertThat(cached.getEvent(first).map(RecordedEvent::id).block(WAIT)).isEqualTo(first);

        String rotated = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).rotateCacheEpoch().block(WAIT);
        assertThat(rotated).isNotNull().isEqualTo(storedEpoch());

        assertThat(readThroughCache()).isEmpty();
        StepVerifier.create(cache.epoch()).expectNext(rotated).expectComplete().verify(WAIT);
        StepVerifier.create(cache.getEvent(first)).expectComplete().verify(WAIT);
        assertThat(cachedIds()).isEmpty();
        StepVerifier.create(cached.getEvent(first)).expectComplete().verify(WAIT);

        // the cache works again under the new epoch
        List<RecordedEvent> after = append(plain, "After", 2);
        assertThat(readThroughCache()).isEqualTo(ids(after));
        assertThat(cachedIds()).isEqualTo(ids(after));
        assertThat(readThroughCache()).isEqualTo(ids(after));
    }

    @Test
    void anEpochRotatedInSqlIsSeenByTheNextVerifiedRead() {
        List<RecordedEvent> before = append(cached, "Before", 2);
        readThroughCache();
        assertThat(cachedIds()).isEqualTo(ids(before));

        DB.execute("UPDATE " + schema + ".cache_epoch SET epoch = gen_random_uuid()::text").block(WAIT);
        String rotated = storedEpoch();

        assertThat(readThroughCache()).isEqualTo(ids(before));
        StepVerifier.create(cache.epoch()).expectNext(rotated).expectComplete().verify(WAIT);
        assertThat(cachedIds()).as("cleared when the epoch changed").isEmpty();
    }

    private String storedEpoch() {
        String epoch = DB.column("SELECT epoch FROM " + schema + ".cache_epoch", String.class).blockFirst(WAIT);
        assertThat(epoch).isNotNull();
        return epoch;
    }

    private List<RecordedEvent> append(EventStore store, String type, int count) {
        List<NewEvent> batch = IntStream.range(0, count).mapToObj(i -> NewEvent.builder().type(type).stream(stream)
                .createdBy("restore-test").payload(Map.of("n", i)).build()).toList();
        List<RecordedEvent> appended = store.appendEvents(batch).collectList().block(WAIT);
        assertThat(appended).hasSize(count);
        return appended;
    }

    /** Deletes the stream's events after {@code keep} and sets its counter back, as a restore to an earlier point would. */
    private void restoreTo(long keep) {
        String where = " WHERE aggregate_id = '" + stream.aggregateId() + "' AND aggregate_type = 'order'";
        DB.execute("DELETE FROM " + schema + ".events" + where + " AND sequence_number > " + keep).block(WAIT);
        DB.execute(keep == 0
                ? "DELETE FROM " + schema + ".aggregate_sequences" + where
                : "UPDATE " + schema + ".aggregate_sequences SET last_sequence = " + keep + where).block(WAIT);
    }

    private List<UUID> readThroughCache() {
        List<RecordedEvent> read = cached.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).collectList().block(WAIT);
        assertThat(read).isNotNull();
        return ids(read);
    }

    private AggregateStats stats() {
        AggregateStats stats = cached.getAggregateStats(stream.aggregateId(), stream.aggregateType()).block(WAIT);
        assertThat(stats).isNotNull();
        return stats;
    }

    private List<UUID> cachedIds() {
        List<RecordedEvent> events = cache.getAggregateEvents(stream).defaultIfEmpty(List.of()).block(WAIT);
        assertThat(events).isNotNull();
        return ids(events);
    }

    private static List<UUID> ids(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::id).toList();
    }
}
