package io.github.beatbrackerz.eventstore.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * The Lua scripts that keep cached values monotonic. Each touches one key, so each runs on the
 * key's node in a Cluster. Run by SHA, loading the script on {@code NOSCRIPT} (for example after a
 * Redis restart).
 */
public enum CacheScript {

    /**
     * KEYS[1] list; ARGV[1] ttl ms, ARGV[2..] envelopes of events 1..S. Pushes only the events
     * after what is cached and refuses a prefix no longer than the cached one. Events are
     * immutable, so the cached prefix equals the first elements of any newer fill.
     */
    PUT_PREFIX("""
            local n = redis.call('LLEN', KEYS[1])
            local s = #ARGV - 1
            if s < n then return 0 end
            if s == n then
              if n > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
              return 0
            end
            for i = n + 2, #ARGV, 1000 do
              redis.call('RPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return s - n
            """),

    /**
     * KEYS[1] list; ARGV[1] ttl ms, ARGV[2] first appended sequence, ARGV[3] longest list,
     * ARGV[4..] envelopes. Extends the list only when the events start right after it (creating
     * it when they start at 1), so it never gets a gap.
     */
    APPEND("""
            local n = redis.call('LLEN', KEYS[1])
            if tonumber(ARGV[2]) ~= n + 1 then return 0 end
            if n + #ARGV - 3 > tonumber(ARGV[3]) then return 0 end
            for i = 4, #ARGV, 1000 do
              redis.call('RPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return #ARGV - 3
            """),

    /**
     * KEYS[1] hash {s: number, d: data}; ARGV[1] ttl ms, ARGV[2] number, ARGV[3] data. Replaces the
     * value unless the cached one has a higher number (snapshots, stats).
     */
    PUT_IF_NOT_OLDER("""
            local cur = redis.call('HGET', KEYS[1], 's')
            if cur and tonumber(cur) > tonumber(ARGV[2]) then return 0 end
            redis.call('HSET', KEYS[1], 's', ARGV[2], 'd', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """),

    /** KEYS[1] string; ARGV[1] ttl ms, ARGV[2] counter. Stores the counter unless a higher one is cached. */
    PUT_MAX("""
            local cur = redis.call('GET', KEYS[1])
            if cur and tonumber(cur) > tonumber(ARGV[2]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
            return 1
            """);

    private final String source;
    private final String sha;

    CacheScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /** @return the SHA-1 of the source, by which the script is run */
    public String sha() {
        return sha;
    }

    /**
     * Runs the script on one key.
     *
     * @param commands the connection's commands
     * @param key the key
     * @param args the arguments
     * @return the script's integer result
     */
    public Mono<Long> run(RedisClusterReactiveCommands<String, String> commands, String key, String... args) {
        String[] keys = {key};
        return commands.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args).next()
                .onErrorResume(RedisNoScriptException.class, e -> eval(commands, key, args));
    }

    /**
     * Issues the script by SHA without waiting, for a pipeline; on {@code NOSCRIPT} the stage
     * fails with {@link RedisNoScriptException} (see {@link ScriptCall#issue}).
     *
     * @param commands the connection's asynchronous commands
     * @param key the key
     * @param args the arguments
     * @return the script's integer result
     */
    public CompletionStage<Long> issue(RedisClusterAsyncCommands<String, String> commands, String key, String... args) {
        return commands.<Long>evalsha(sha, ScriptOutputType.INTEGER, new String[] {key}, args);
    }

    /**
     * Runs the script by its source, which also loads it into Redis's script cache.
     *
     * @param commands the connection's commands
     * @param key the key
     * @param args the arguments
     * @return the script's integer result
     */
    public Mono<Long> eval(RedisClusterReactiveCommands<String, String> commands, String key, String... args) {
        return commands.<Long>eval(source, ScriptOutputType.INTEGER, new String[] {key}, args).next();
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
