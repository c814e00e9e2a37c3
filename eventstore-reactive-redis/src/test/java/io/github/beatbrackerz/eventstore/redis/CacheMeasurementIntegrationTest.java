package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.CacheConsistency;
import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.internal.CacheKeys;
import io.github.beatbrackerz.eventstore.redis.internal.EventEnvelope;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Measurements printed for the report, not asserted (the tests assert only that the data is
 * right): reading a 100-event aggregate from PostgreSQL alone and through the Redis cache, and
 * writing 10,000 events to Redis pipelined or not.
 */
class CacheMeasurementIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void readingA100EventAggregateCachedAndUncached() {
        RedisCacheOptions cacheOptions = RedisCacheOptions.builder().keyPrefix(RedisTestServer.uniquePrefix(getClass())).build();
        RedisEventCache cache = RedisEventCaches.standalone(RedisTestServer.standalone(), cacheOptions);
        String schema = DB.schema();
        EventStore uncached = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        EventStore verified = store(schema, cache, CacheConsistency.VERIFIED);
        EventStore trusted = store(schema, cache, CacheConsistency.TRUST_CACHE);
        try {
            StreamId stream = StreamId.of("measured", "order");
            List<NewEvent> events = IntStream.rangeClosed(1, 100).mapToObj(i -> NewEvent.builder().type("ItemAdded").stream(stream)
                    .createdBy("bench").payload(Map.of("sku", "sku-" + i, "quantity", i, "price", 9.99, "note", "x".repeat(60)))
                    .build()).toList();
            uncached.appendEvents(events).then().block(WAIT);
            double none = meanMicros(() -> read(uncached, stream));
            double verifiedHit = meanMicros(() -> read(verified, stream));
            double trustedHit = meanMicros(() -> read(trusted, stream));
            // The store's own 50 ms budget may abandon a fill under load; a later read fills it.
            await("the reads filled the cache").atMost(WAIT).until(() -> {
                read(verified, stream).block(WAIT);
                return cache.getAggregateEvents(stream).map(List::size).defaultIfEmpty(0).onErrorReturn(0).block(WAIT) == 100;
            });
            System.out.printf(Locale.ROOT, "100-event aggregate read, mean of 300 after 100 warm-up: PostgreSQL only %.0f us, "
                    + "Redis VERIFIED (cached prefix + PostgreSQL tail probe) %.0f us, Redis TRUST_CACHE %.0f us%n",
                    none, verifiedHit, trustedHit);
        } finally {
            Flux.just(uncached, verified, trusted).concatMap(EventStore::close).then(cache.clear()).then(cache.close()).block(WAIT);
        }
    }

    @Test
    void warmingTenThousandEventsPipelinedAndNot() {
        String prefix = RedisTestServer.uniquePrefix(getClass());
        RedisEventCache cache = RedisEventCaches.standalone(RedisTestServer.standalone(),
                RedisCacheOptions.builder().keyPrefix(prefix).build());
        RedisClient client = RedisClient.create(RedisTestServer.standalone());
        StatefulRedisConnection<String, String> plain = client.connect();
        CacheKeys keys = new CacheKeys(prefix);
        SetArgs px = SetArgs.Builder.px(3_600_000);
        try {
            List<RecordedEvent> events = TestEvents.events(StreamId.of("warm", "order"), 1, 10_000);
            cache.putEvents(events.subList(0, 500)).block(WAIT);
            double pipelined = bestMillis(() -> cache.putEvents(events));
            double oneByOne = bestMillis(() -> Flux.fromIterable(events)
                    .concatMap(e -> plain.reactive().set(keys.event(e.id()), EventEnvelope.encode(e), px)).then());
            double concurrent = bestMillis(() -> Flux.fromIterable(events)
                    .flatMap(e -> plain.reactive().set(keys.event(e.id()), EventEnvelope.encode(e), px), 1024).then());
            assertThat(cache.stats().block(WAIT).keys()).isEqualTo(10_000L);
            assertThat(cache.getEvent(events.get(9_999).id()).block(WAIT)).isEqualTo(events.get(9_999));
            System.out.printf(Locale.ROOT, "10,000 events to Redis, best of 3: pipelined (manual flush) %.0f ms, "
                    + "one by one %.0f ms, concurrent on one auto-flushing connection %.0f ms%n", pipelined, oneByOne, concurrent);
        } finally {
            plain.close();
            client.shutdown();
            cache.clear().then(cache.close()).block(WAIT);
        }
    }

    private static EventStore store(String schema, RedisEventCache cache, CacheConsistency consistency) {
        // a measurement, not a timeout test: on a loaded machine one slow reply must not open the back-off for the checks
        return R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).cache(cache)
                .eventStoreOptions(EventStoreOptions.builder().cacheConsistency(consistency).cacheTimeout(Duration.ofSeconds(2))
                        .cacheBackoffAfterTimeout(Duration.ZERO).build()).build();
    }

    private static Mono<Void> read(EventStore store, StreamId stream) {
        return store.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).count()
                .doOnNext(n -> assertThat(n).isEqualTo(100L)).then();
    }

    private static double meanMicros(Supplier<Mono<Void>> call) {
        for (int i = 0; i < 100; i++) {
            call.get().block(WAIT);
        }
        long started = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            call.get().block(WAIT);
        }
        return (System.nanoTime() - started) / 1e3 / 300;
    }

    private static double bestMillis(Supplier<Mono<Void>> call) {
        double[] runs = new double[3];
        for (int i = 0; i < runs.length; i++) {
            long started = System.nanoTime();
            call.get().block(WAIT);
            runs[i] = (System.nanoTime() - started) / 1e6;
        }
        return Arrays.stream(runs).min().orElseThrow();
    }
}
