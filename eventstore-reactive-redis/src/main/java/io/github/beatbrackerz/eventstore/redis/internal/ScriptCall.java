package io.github.beatbrackerz.eventstore.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * One run of a {@link CacheScript} on one key, ready to send alone or as part of a pipeline.
 *
 * @param script the script
 * @param keys the keys it touches, all of one stream
 * @param args its arguments
 */
public record ScriptCall(CacheScript script, String[] keys, String[] args) {

    /**
     * Sends the call alone. Lazy.
     *
     * @param commands the auto-flushing connection's commands
     * @return the script's integer result
     */
    public Mono<Long> run(RedisClusterReactiveCommands<String, String> commands) {
        return script.<Long>run(commands, keys, args);
    }

    /**
     * Issues the call on a connection whose auto-flush is off; it goes out with the next flush.
     * When Redis does not know the script (after a restart, say), the call is repeated with the
     * script's source on the auto-flushing connection.
     *
     * @param pipeline the manually flushed connection's commands
     * @param fallback the auto-flushing connection's commands
     * @return the script's integer result
     */
    public CompletionStage<Long> issue(RedisClusterAsyncCommands<String, String> pipeline,
            RedisClusterReactiveCommands<String, String> fallback) {
        return script.<Long>issue(pipeline, keys, args).exceptionallyCompose(error -> isNoScript(error)
                ? script.<Long>eval(fallback, keys, args).toFuture()
                : CompletableFuture.failedFuture(error));
    }

    private static boolean isNoScript(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RedisNoScriptException;
    }
}
