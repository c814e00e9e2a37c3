package io.github.beatbrackerz.eventstore.redis;

import static io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows.EMOJI_TYPE;
import static io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows.LONG_ID;
import static io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows.ODD_SEQUENCES;
import static io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows.ODD_VALUES;
import static io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streams holding rows written by other programs (see {@link ForeignRows}) are cached and served
 * from Redis exactly as PostgreSQL stores them; a stream the cache cannot hold (numbered -3, 0, 1,
 * 5) is always read from PostgreSQL.
 */
class ForeignRowsCacheIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<ForeignRows.Row> ROWS = ForeignRows.deliverable();

    private static RedisEventCache cache;
    private static CountingCache counting;
    private static EventStore store;

    @BeforeAll
    static void start() {
        String schema = DB.newSchema(true);
        ForeignRows.insert(DB, schema, ROWS).block(WAIT);
        // Generous budgets, as in the conformance suite: a cold connection must not turn a cached read into a miss.
        cache = RedisEventCaches.standalone(RedisTestServer.standalone(), RedisCacheOptions.builder()
                .keyPrefix(RedisTestServer.uniquePrefix(ForeignRowsCacheIntegrationTest.class)).build());
        counting = new CountingCache(cache);
        store = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).cache(counting)
                .eventStoreOptions(EventStoreOptions.builder().cacheTimeout(Duration.ofSeconds(5)).build()).build();
    }

    @AfterAll
    static void stop() {
        store.close().block(WAIT);
        cache.clear().then(cache.close()).block(WAIT);
    }

    @Test
    void aStreamOfForeignRowsIsServedFromTheCacheAsStored() {
        for (StreamId stream : List.of(new StreamId(ODD_VALUES, ORDER), new StreamId(LONG_ID, ORDER), new StreamId("emoji-1", EMOJI_TYPE))) {
            List<RecordedEvent> fromPostgres = read(stream);
            assertFaithful(stream, fromPostgres);
            long hits = counting.hits.get();

            List<RecordedEvent> fromCache = read(stream);

            assertThat(counting.hits.get()).as("%s served from the cache", stream).isEqualTo(hits + 1);
            assertThat(fromCache).isEqualTo(fromPostgres);
            assertThat(cache.getAggregateEvents(stream).block(WAIT)).isEqualTo(fromPostgres);
            assertThat(store.getAggregateStats(stream.aggregateId(), stream.aggregateType()).block(WAIT))
                    .isEqualTo(store.getAggregateStats(stream.aggregateId(), stream.aggregateType()).block(WAIT))
                    .isEqualTo(cache.getStats(stream).block(WAIT));
        }
        assertThat(counting.failures.get()).isZero();
    }

    @Test
    void singleForeignEventsRoundTripThroughTheCache() {
        for (ForeignRows.Row row : ROWS) {
            RecordedEvent stored = store.getEvent(row.id()).block(WAIT);
            assertThat(row.actual(stored)).as(row.kind()).isEqualTo(row.expected());
            assertThat(cache.getEvent(row.id()).block(WAIT)).as(row.kind()).isEqualTo(stored);
            assertThat(store.getEvent(row.id()).block(WAIT)).as(row.kind()).isEqualTo(stored);
        }
    }

    @Test
    void aStreamTheCacheCannotHoldIsReadFromPostgresEveryTime() {
        StreamId odd = new StreamId(ODD_SEQUENCES, ORDER);
        assertThat(read(odd)).extracting(RecordedEvent::sequenceNumber).containsExactly(-3L, 0L, 1L, 5L);
        assertThat(read(odd)).extracting(RecordedEvent::sequenceNumber).containsExactly(-3L, 0L, 1L, 5L);
        assertThat(cache.getAggregateEvents(odd).block(WAIT)).isNull();
    }

    private static List<RecordedEvent> read(StreamId stream) {
        return store.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).collectList().block(WAIT);
    }

    private static void assertFaithful(StreamId stream, List<RecordedEvent> events) {
        List<ForeignRows.Row> rows = ROWS.stream()
                .filter(row -> row.aggregateId().equals(stream.aggregateId()) && row.aggregateType().equals(stream.aggregateType())).toList();
        assertThat(events).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).actual(events.get(i))).as(rows.get(i).kind()).isEqualTo(rows.get(i).expected());
        }
    }
}
