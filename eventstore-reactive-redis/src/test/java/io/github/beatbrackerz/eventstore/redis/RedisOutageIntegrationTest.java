package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisProcess;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.tck.ForwardingEventCache;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A PostgreSQL store with the Redis cache keeps appending and reading correctly while its private
 * Redis is killed, restarted or frozen, with the default time budget (50 ms), and leaves a frozen
 * Redis alone after one call ran out of time. The added latency is printed, not asserted.
 */
class RedisOutageIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int ROUNDS = 40;

    private RedisProcess redis;
    private RedisEventCache cache;
    private EventStore store;
    private final StreamId stream = StreamId.of("outage", "order");
    private long appended;

    @BeforeEach
    void start() {
        redis = RedisProcess.launch();
        cache = RedisEventCaches.standalone(redis.uri(),
                RedisCacheOptions.builder().keyPrefix(RedisTestServer.uniquePrefix(getClass())).build());
        store = R2dbcEventStores.builder(DB.connectionFactory()).schema(DB.newSchema(true)).subscriptions(SubscriptionMode.disabled()).cache(cache).build();
    }

    @AfterEach
    void stop() {
        store.close().block(WAIT);
        cache.close().block(WAIT);
        redis.close();
    }

    @Test
    void appendsAndReadsSucceedWhileRedisIsKilledFrozenOrRestarted() {
        rounds(); // warm-up: JIT, script loading, first connections
        double up = rounds();
        awaitCached("cache filled while up");

        redis.stop();
        long started = System.nanoTime();
        cache.getAggregateEvents(stream).as(StepVerifier::create).expectError(StorageException.class).verify(WAIT);
        double rejectMillis = (System.nanoTime() - started) / 1e6;
        double down = rounds();

        redis.start();
        Awaitility.await("cache answers after restart").atMost(WAIT)
                .until(() -> cache.getSequence(stream).map(s -> true).defaultIfEmpty(true).onErrorReturn(false).block(WAIT));
        double restarted = rounds();
        awaitCached("cache refilled after restart");

        redis.pause();
        double frozen;
        try {
            frozen = rounds();
        } finally {
            redis.resume();
        }
        System.out.printf(Locale.ROOT, "Redis outage, one append + one aggregate read per round (%d rounds each): up %.2f ms, "
                + "killed %.2f ms (direct cache call rejected in %.2f ms), restarted %.2f ms, frozen %.2f ms%n",
                ROUNDS, up, down, rejectMillis, restarted, frozen);
    }

    @Test
    void aFrozenRedisCostsOneBudgetThenTheStoreLeavesItAloneForTheBackoff() {
        store.close().block(WAIT);
        AtomicInteger calls = new AtomicInteger();
        EventCache counted = new ForwardingEventCache(cache) {
            @Override
            public Mono<CachedPrefix> getAggregateEventsToFill(StreamId stream) {
                return super.getAggregateEventsToFill(stream).doOnSubscribe(s -> calls.incrementAndGet());
            }

            @Override
            public Mono<Void> appendAggregateEvents(StreamId stream, List<RecordedEvent> events) {
                return super.appendAggregateEvents(stream, events).doOnSubscribe(s -> calls.incrementAndGet());
            }
        };
        store = R2dbcEventStores.builder(DB.connectionFactory()).schema(DB.newSchema(true)).subscriptions(SubscriptionMode.disabled())
                                // a budget no call reaches while Redis is up, even on a loaded machine: only the freeze may open the back-off
                .cache(counted).eventStoreOptions(EventStoreOptions.builder().cacheTimeout(Duration.ofSeconds(2))
                        .cacheBackoffAfterTimeout(Duration.ofHours(1)).build()).build();
        rounds();
        awaitCached("cache filled while up");
        int whileUp = calls.get();

        redis.pause();
        try {
            rounds();
            int afterTheFirstTimeout = calls.get();
            rounds();
            assertThat(afterTheFirstTimeout).as("the first frozen calls reached the cache").isGreaterThan(whileUp);
            assertThat(calls).as("after a timeout, the store leaves the frozen cache alone").hasValue(afterTheFirstTimeout);
        } finally {
            redis.resume();
        }
    }

    /** Reads through the store until its fill reached Redis: a fill may miss the 50 ms budget on a busy machine. */
    private void awaitCached(String what) {
        Awaitility.await(what).atMost(WAIT).until(() -> {
            store.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).then().block(WAIT);
            return cache.getAggregateEvents(stream).map(List::size).onErrorReturn(0).blockOptional(WAIT).orElse(0) == appended;
        });
    }

    /** @return mean milliseconds per round; every read must hold every event appended before it */
    private double rounds() {
        long started = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            NewEvent event = NewEvent.builder().type("ItemAdded").stream(stream).createdBy("tester")
                    .payload(Map.of("n", appended + 1)).build();
            RecordedEvent stored = store.appendEvent(event).block(WAIT);
            appended++;
            assertThat(stored.sequenceNumber()).isEqualTo(appended);
            List<RecordedEvent> read = store.getAggregateEvents(stream.aggregateId(), stream.aggregateType())
                    .collectList().block(WAIT);
            assertThat(read).hasSize((int) appended);
            assertThat(read.get(read.size() - 1).id()).isEqualTo(stored.id());
        }
        return (System.nanoTime() - started) / 1e6 / ROUNDS;
    }
}
