package io.github.beatbrackerz.eventstore.redis.internal;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.protocol.RedisCommand;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The connections of one cache to a standalone (or Sentinel-managed) Redis or to a Cluster:
 * one auto-flushing connection for single commands, one manually flushed connection for
 * pipelined batches, and the masters to scan.
 */
public interface RedisTopology {

    /** @return commands on the shared, auto-flushing connection; Cluster commands route by key */
    RedisClusterReactiveCommands<String, String> commands();

    /**
     * Sends a batch as one pipeline: issues every command on the dedicated connection without
     * flushing, then flushes once.
     *
     * @param issue issues the commands and returns their futures
     * @return completes when every command has completed, errors with the first failure
     */
    default Mono<Void> pipelined(Function<RedisClusterAsyncCommands<String, String>, List<? extends CompletionStage<?>>> issue) {
        return Mono.defer(() -> {
            List<? extends CompletionStage<?>> issued;
            synchronized (this) {
                issued = issue.apply(pipeline());
                flushPipeline();
            }
            CompletableFuture<?>[] futures = issued.stream().map(CompletionStage::toCompletableFuture)
                    .toArray(CompletableFuture<?>[]::new);
            return Mono.fromFuture(CompletableFuture.allOf(futures));
        });
    }

    /**
     * Hands commands to the shared, auto-flushing connection in one write: one flush and one
     * hand-over to the I/O thread for all of them, where each command of {@link #commands()} costs
     * its own. Redis runs one connection's commands in the order given; a Cluster routes each
     * command by its first key, so the commands of one stream's slot stay in order.
     *
     * @param commands the commands, completed as their replies arrive
     */
    void dispatch(Collection<? extends RedisCommand<String, String, ?>> commands);

    /** @return commands on the dedicated connection whose auto-flush is off */
    RedisClusterAsyncCommands<String, String> pipeline();

    /** Writes every command issued on {@link #pipeline()} so far. */
    void flushPipeline();

    /** @return commands for each master: one for a standalone server, every master of a Cluster */
    Flux<RedisClusterReactiveCommands<String, String>> masters();

    /** @return closes the connections this topology opened; the client stays open */
    Mono<Void> close();
}
