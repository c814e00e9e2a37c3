package io.github.beatbrackerz.eventstore.redis.internal;

import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whole-cache operations over this cache's keys: {@code SCAN MATCH} with {@link CacheKeys#patterns()}
 * on every master (never {@code KEYS}, never {@code FLUSHDB}), so other data in the same Redis is
 * untouched, including the keys of a cache whose prefix starts with this one's.
 */
public final class KeyspaceAdmin {

    private static final int SCAN_COUNT = 1000;
    private static final int UNLINK_BATCH = 500;

    private final CacheKeys keys;

    /** @param keys the key layout whose prefix bounds every operation */
    public KeyspaceAdmin(CacheKeys keys) {
        this.keys = keys;
    }

    /**
     * Unlinks every key of this cache, master by master, in batches. A stream's keys go together,
     * generation key included, in one command (on a Cluster the routing connection splits a batch
     * by slot, and a stream's keys share one): so each stream's data and the token that fences its
     * fills disappear at one instant. A scan returns every key that exists throughout it, and a
     * stream's generation key outlives the data written under it, so every stream whose fill
     * began before the clear is found and fenced.
     *
     * @param topology the connections
     * @return completes when the scan is done
     */
    public Mono<Void> clear(RedisTopology topology) {
        return topology.masters()
                .concatMap(master -> scan(master)
                        .map(keys::siblings)
                        .buffer(UNLINK_BATCH / 5)
                        // Cluster: the routing connection splits a multi-key UNLINK by slot, keeping a stream's keys together.
                        .concatMap(batch -> topology.commands().unlink(batch.stream().flatMap(List::stream).distinct()
                                .toArray(String[]::new))))
                .then();
    }

    /**
     * Counts the keys under the prefix and sums {@code used_memory} over the masters.
     *
     * @param topology the connections
     * @return the statistics
     */
    public Mono<CacheStats> stats(RedisTopology topology) {
        Mono<Long> count = topology.masters().concatMap(master -> scan(master).count()).reduce(0L, Long::sum);
        Mono<Long> memory = topology.masters().concatMap(master -> master.info("memory").map(KeyspaceAdmin::usedMemory))
                .reduce(0L, Long::sum);
        return Mono.zip(count, memory, (k, m) -> new CacheStats(true, "redis", k, m));
    }

    private Flux<String> scan(RedisClusterReactiveCommands<String, String> master) {
        return Flux.fromIterable(keys.patterns())
                .concatMap(pattern -> ScanStream.scan(master, ScanArgs.Builder.matches(pattern).limit(SCAN_COUNT)));
    }

    static long usedMemory(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        return 0;
    }
}
