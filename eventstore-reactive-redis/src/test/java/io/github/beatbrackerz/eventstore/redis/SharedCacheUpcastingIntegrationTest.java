package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.github.beatbrackerz.eventstore.upcast.Upcaster;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

/**
 * The cache holds events as stored, so store instances with different upcasters share one Redis:
 * three stores over one schema and one key prefix (each with its own Redis client, as separate
 * processes would be), one without upcasters and two whose upcasters of the same type differ (an
 * upcaster changed between deployments). Each serves the others' cache fills in its own shape,
 * and the change needs no cache flush.
 */
class SharedCacheUpcastingIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final StreamId STREAM = StreamId.of("o-1", "order");

    private final List<RedisEventCache> caches = new ArrayList<>();
    private final List<CountingCache> counters = new ArrayList<>();
    private final List<EventStore> stores = new ArrayList<>();

    @BeforeEach
    void start() {
        String prefix = RedisTestServer.uniquePrefix(getClass());
        String schema = DB.newSchema(true);
        Upcasters renamed = Upcasters.of(Upcaster.of("Placed", 1, json -> Json.parse("{\"total\":" + json.node().get("amount") + "}")));
        Upcasters doubled = Upcasters.of(Upcaster.of("Placed", 1, json -> Json.parse("{\"total\":" + 2 * json.node().get("amount").asLong() + "}")));
        for (Upcasters upcasters : List.of(Upcasters.none(), renamed, doubled)) {
            RedisEventCache cache = RedisEventCaches.standalone(RedisTestServer.standalone(), RedisCacheOptions.builder().keyPrefix(prefix).build());
            caches.add(cache);
            CountingCache counting = new CountingCache(cache);
            counters.add(counting);
            stores.add(R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).cache(counting).subscriptions(SubscriptionMode.disabled())
                    .eventStoreOptions(EventStoreOptions.builder().cacheTimeout(Duration.ofSeconds(5)).build()).upcasters(upcasters).build());
        }
    }

    @AfterEach
    void stop() {
        Flux.fromIterable(stores).concatMap(EventStore::close).then().block(WAIT);
        Flux.fromIterable(caches).concatMap(c -> c.clear().then(c.close())).then().block(WAIT);
    }

    private List<RecordedEvent> read(int store) {
        return stores.get(store).getAggregateEvents(STREAM).collectList().block(WAIT);
    }

    private static int total(RecordedEvent event) {
        return event.payload().node().get("total").asInt();
    }

    @Test
    void everyInstanceReadsTheSharedCacheInItsOwnShape() {
        List<RecordedEvent> stored = stores.get(0).appendEvents(List.of(
                NewEvent.builder().type("Placed").stream(STREAM).createdBy("test").payload(Map.of("amount", 5)).build(),
                NewEvent.builder().type("Placed").stream(STREAM).createdBy("test").payload(Map.of("total", 7)).version(2).build()))
                .collectList().block(WAIT);

        // the upcasting instance reads first (a miss that fills the cache), and again (a hit)
        assertThat(read(1)).extracting(RecordedEvent::version).containsExactly(2, 2);
        assertThat(read(1)).extracting(SharedCacheUpcastingIntegrationTest::total).containsExactly(5, 7);
        // what it filled is the stored form
        assertThat(caches.get(0).getAggregateEvents(STREAM).block(WAIT)).containsExactlyElementsOf(stored);
        // the instance without upcasters and the one with the changed upcaster are served from the same entry
        assertThat(read(0)).containsExactlyElementsOf(stored);
        assertThat(read(2)).extracting(SharedCacheUpcastingIntegrationTest::total).containsExactly(10, 7);
        assertThat(counters).as("cache hits of each instance").allSatisfy(counting -> assertThat(counting.hits.get()).isPositive());
        assertThat(counters.get(0).misses.get() + counters.get(2).misses.get()).as("misses of the instances that read after the fill").isZero();
    }
}
