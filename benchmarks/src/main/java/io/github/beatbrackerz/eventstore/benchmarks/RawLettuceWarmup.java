package io.github.beatbrackerz.eventstore.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;

/**
 * The raw-Lettuce baselines of the cache warm-up. They write the very keys and values the library
 * wrote, captured from Redis after one library warm-up, with no library logic: per aggregate one
 * {@code RPUSH} of all its event envelopes, one {@code PEXPIRE} of the list and one {@code SET … PX}
 * of the counter ({@value #COMMANDS_PER_AGGREGATE} commands), either one command at a time on an
 * auto-flushing connection, or all at once on a dedicated connection with auto-flush off and one
 * {@code flushCommands()}.
 */
final class RawLettuceWarmup implements AutoCloseable {

    /** Commands each baseline sends per aggregate. */
    static final int COMMANDS_PER_AGGREGATE = 3;

    private static final String EVENTS = "events";
    private static final String SEQUENCE = "sequence";
    private static final String FILL_GENERATION = "gen";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> autoFlushed;
    private final StatefulRedisConnection<String, String> manual;
    private final List<CachedAggregate> aggregates;
    private final String[] keys;
    private final SetArgs sequenceTtl;
    private final long listTtlMillis;

    /** What the library cached for one aggregate: its list of envelopes and its counter. */
    private record CachedAggregate(String eventsKey, String[] envelopes, String sequenceKey, String sequence) {
    }

    private RawLettuceWarmup(RedisClient client, StatefulRedisConnection<String, String> autoFlushed,
            StatefulRedisConnection<String, String> manual, List<CachedAggregate> aggregates, Duration listTtl, Duration sequenceTtl) {
        this.client = client;
        this.autoFlushed = autoFlushed;
        this.manual = manual;
        this.aggregates = aggregates;
        this.listTtlMillis = listTtl.toMillis();
        this.sequenceTtl = SetArgs.Builder.px(sequenceTtl.toMillis());
        this.keys = aggregates.stream().flatMap(a -> Stream.of(a.eventsKey(), a.sequenceKey())).toArray(String[]::new);
        manual.setAutoFlushCommands(false);
    }

    /**
     * Reads back what the library cached under {@code prefix}, which must be exactly one events
     * list and one counter per aggregate, beside the fill-generation key each warmed stream's fill
     * ticket leaves (the fence against clears, not cached data, so the baselines do not write it),
     * and nothing else. Blocks (driver set-up).
     *
     * @param redisUrl the Redis URI
     * @param prefix the key prefix of the library's cache
     * @param aggregates how many aggregates the library warmed
     * @param listTtl the TTL the library gives event lists
     * @param sequenceTtl the TTL the library gives counters
     * @return the baselines, connected
     */
    static RawLettuceWarmup capture(String redisUrl, String prefix, int aggregates, Duration listTtl, Duration sequenceTtl) {
        RedisClient client = RedisClient.create(redisUrl);
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            RedisCommands<String, String> sync = connection.sync();
            List<String> keys = new ArrayList<>();
            ScanIterator.scan(sync, ScanArgs.Builder.matches(prefix + "*").limit(1000)).forEachRemaining(keys::add);
            List<CachedAggregate> captured = new ArrayList<>();
            for (String key : keys) {
                if (key.endsWith(":" + EVENTS)) {
                    String sequenceKey = key.substring(0, key.length() - EVENTS.length()) + SEQUENCE;
                    String sequence = sync.get(sequenceKey);
                    if (sequence == null) {
                        throw new IllegalStateException("the library cached " + key + " but no counter " + sequenceKey);
                    }
                    captured.add(new CachedAggregate(key, sync.lrange(key, 0, -1).toArray(String[]::new), sequenceKey, sequence));
                }
            }
            long cachedKeys = keys.stream().filter(key -> !key.endsWith(":" + FILL_GENERATION)).count();
            if (captured.size() != aggregates || cachedKeys != 2L * aggregates) {
                throw new IllegalStateException("expected " + aggregates + " event lists and as many counters under " + prefix
                        + ", found " + keys.size() + " keys: " + keys.subList(0, Math.min(6, keys.size())));
            }
            return new RawLettuceWarmup(client, connection, client.connect(), List.copyOf(captured), listTtl, sequenceTtl);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** @return every key the warm-up writes, for checks between rounds */
    int keyCount() {
        return keys.length;
    }

    /** @return how many of the warm-up's keys exist now (one {@code EXISTS}, untimed) */
    Mono<Long> existing() {
        return autoFlushed.reactive().exists(keys);
    }

    /**
     * Writes everything one command at a time: each command is sent (auto-flush on) and its reply
     * awaited before the next is issued. Lazy.
     *
     * @return emits the number of aggregates written
     */
    Mono<Integer> writeUnpipelined() {
        return Mono.defer(() -> {
            RedisAsyncCommands<String, String> commands = autoFlushed.async();
            CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
            for (CachedAggregate a : aggregates) {
                chain = chain.thenCompose(x -> commands.rpush(a.eventsKey(), a.envelopes()).toCompletableFuture())
                        .thenCompose(x -> commands.pexpire(a.eventsKey(), listTtlMillis).toCompletableFuture())
                        .thenCompose(x -> commands.set(a.sequenceKey(), a.sequence(), sequenceTtl).toCompletableFuture());
            }
            return Mono.fromFuture(chain).thenReturn(aggregates.size());
        });
    }

    /**
     * Writes everything as one pipeline: issues every command on the dedicated connection without
     * flushing, flushes once, then awaits every reply. Lazy.
     *
     * @return emits the number of aggregates written
     */
    Mono<Integer> writePipelined() {
        return Mono.defer(() -> {
            RedisAsyncCommands<String, String> commands = manual.async();
            List<CompletionStage<?>> issued = new ArrayList<>(aggregates.size() * COMMANDS_PER_AGGREGATE);
            for (CachedAggregate a : aggregates) {
                issued.add(commands.rpush(a.eventsKey(), a.envelopes()));
                issued.add(commands.pexpire(a.eventsKey(), listTtlMillis));
                issued.add(commands.set(a.sequenceKey(), a.sequence(), sequenceTtl));
            }
            manual.flushCommands();
            CompletableFuture<?>[] replies = issued.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture<?>[]::new);
            return Mono.fromFuture(CompletableFuture.allOf(replies)).thenReturn(aggregates.size());
        });
    }

    @Override
    public void close() {
        Mono.fromFuture(autoFlushed.closeAsync()).then(Mono.fromFuture(manual.closeAsync())).block(TIMEOUT);
        client.shutdown();
    }
}
