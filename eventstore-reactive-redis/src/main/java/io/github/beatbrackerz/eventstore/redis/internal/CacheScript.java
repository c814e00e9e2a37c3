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
 * The Lua scripts that keep cached values monotonic and fence fills. Each touches the keys of one
 * stream (one hash tag, so one slot), so each runs on the stream's node in a Cluster. Run by SHA,
 * loading the script on {@code NOSCRIPT} (for example after a Redis restart).
 *
 * <p>Fencing: a stream's {@code gen} key holds the token of its current generation. A read that
 * may lead to a fill ({@link #OPEN_FILL}, sent before the read) creates it with a fresh random
 * token when it is missing and returns it as the fill's ticket; an eviction or clear deletes it
 * together with the stream's other keys, in one command. The writing scripts take the ticket
 * first: a non-empty ticket that is no longer the stream's token rejects the write (returns -1),
 * so no fill that began before an eviction or clear writes after it. Every writing script also
 * stretches the {@code gen} key's TTL to the longest data TTL, so the {@code gen} key outlives the
 * data written under it, and a clear that scans past a stream still finds its {@code gen} key.
 */
public enum CacheScript {

    /**
     * KEYS[1] list, KEYS[2] gen; ARGV[1] ticket ('' unfenced), ARGV[2] gen ttl ms, ARGV[3] ttl ms,
     * ARGV[4..] envelopes of events 1..S. Pushes only the events after what is cached and refuses
     * a prefix no longer than the cached one. Events are immutable, so the cached prefix equals the
     * first elements of any newer fill.
     */
    PUT_PREFIX(ScriptOutputType.INTEGER, """
            local g = redis.call('GET', KEYS[2])
            if ARGV[1] ~= '' and g ~= ARGV[1] then return -1 end
            if g then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
            local n = redis.call('LLEN', KEYS[1])
            local s = #ARGV - 3
            if s < n then return 0 end
            if s == n then
              if n > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
              return 0
            end
            for i = n + 4, #ARGV, 1000 do
              redis.call('RPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return s - n
            """),

    /**
     * KEYS[1] list, KEYS[2] gen; ARGV[1] ticket, ARGV[2] gen ttl ms, ARGV[3] ttl ms, ARGV[4] first
     * appended sequence, ARGV[5] longest list, ARGV[6..] envelopes. Extends the list only when the
     * events start right after it (creating it when they start at 1), so it never gets a gap.
     */
    APPEND(ScriptOutputType.INTEGER, """
            local g = redis.call('GET', KEYS[2])
            if ARGV[1] ~= '' and g ~= ARGV[1] then return -1 end
            if g then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
            local n = redis.call('LLEN', KEYS[1])
            if tonumber(ARGV[4]) ~= n + 1 then return 0 end
            if n + #ARGV - 5 > tonumber(ARGV[5]) then return 0 end
            for i = 6, #ARGV, 1000 do
              redis.call('RPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return #ARGV - 5
            """),

    /**
     * KEYS[1] hash {s: number, d: data}, KEYS[2] gen; ARGV[1] ticket, ARGV[2] gen ttl ms, ARGV[3]
     * ttl ms, ARGV[4] number, ARGV[5] data. Replaces the value unless the cached one has a higher
     * number (snapshots, stats).
     */
    PUT_IF_NOT_OLDER(ScriptOutputType.INTEGER, """
            local g = redis.call('GET', KEYS[2])
            if ARGV[1] ~= '' and g ~= ARGV[1] then return -1 end
            if g then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
            local cur = redis.call('HGET', KEYS[1], 's')
            if cur and tonumber(cur) > tonumber(ARGV[4]) then return 0 end
            redis.call('HSET', KEYS[1], 's', ARGV[4], 'd', ARGV[5])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """),

    /**
     * KEYS[1] string, KEYS[2] gen; ARGV[1] ticket, ARGV[2] gen ttl ms, ARGV[3] ttl ms, ARGV[4]
     * counter. Stores the counter unless a higher one is cached.
     */
    PUT_MAX(ScriptOutputType.INTEGER, """
            local g = redis.call('GET', KEYS[2])
            if ARGV[1] ~= '' and g ~= ARGV[1] then return -1 end
            if g then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
            local cur = redis.call('GET', KEYS[1])
            if cur and tonumber(cur) > tonumber(ARGV[4]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[3])
            return 1
            """),

    /**
     * KEYS[1] gen; ARGV[1] a fresh token, ARGV[2] gen ttl ms. Returns the stream's token, creating
     * the gen key with the fresh one when missing.
     */
    OPEN_FILL(ScriptOutputType.VALUE, """
            local g = redis.call('GET', KEYS[1])
            if not g then
              g = ARGV[1]
              redis.call('SET', KEYS[1], g, 'PX', ARGV[2])
            end
            return g
            """);

    /** The result of a writing script whose ticket is no longer the stream's token. */
    public static final long STALE_TICKET = -1;

    private final ScriptOutputType output;
    private final String source;
    private final String sha;

    CacheScript(ScriptOutputType output, String source) {
        this.output = output;
        this.source = source;
        this.sha = sha1(source);
    }

    /** @return the SHA-1 of the source, by which the script is run */
    public String sha() {
        return sha;
    }

    /**
     * Runs the script.
     *
     * @param <T> the result type: {@code Long} for the writing scripts, {@code String} for {@link #OPEN_FILL}
     * @param commands the connection's commands
     * @param keys the keys, all of one stream
     * @param args the arguments
     * @return the script's result
     */
    public <T> Mono<T> run(RedisClusterReactiveCommands<String, String> commands, String[] keys, String... args) {
        return commands.<T>evalsha(sha, output, keys, args).next()
                .onErrorResume(RedisNoScriptException.class, e -> eval(commands, keys, args));
    }

    /**
     * Runs the script by SHA only: on {@code NOSCRIPT} the result fails with {@link
     * RedisNoScriptException}, for a caller that must know when the script ran (see {@code
     * getAggregateEventsToFill}).
     *
     * @param <T> the result type, as for {@link #run}
     * @param commands the connection's commands
     * @param keys the keys, all of one stream
     * @param args the arguments
     * @return the script's result
     */
    public <T> Mono<T> runBySha(RedisClusterReactiveCommands<String, String> commands, String[] keys, String... args) {
        return commands.<T>evalsha(sha, output, keys, args).next();
    }

    /**
     * Issues the script by SHA without waiting, for a pipeline; on {@code NOSCRIPT} the stage
     * fails with {@link RedisNoScriptException} (see {@link ScriptCall#issue}).
     *
     * @param <T> the result type, as for {@link #run}
     * @param commands the connection's asynchronous commands
     * @param keys the keys, all of one stream
     * @param args the arguments
     * @return the script's result
     */
    public <T> CompletionStage<T> issue(RedisClusterAsyncCommands<String, String> commands, String[] keys, String... args) {
        return commands.<T>evalsha(sha, output, keys, args);
    }

    /**
     * Runs the script by its source, which also loads it into Redis's script cache.
     *
     * @param <T> the result type, as for {@link #run}
     * @param commands the connection's commands
     * @param keys the keys, all of one stream
     * @param args the arguments
     * @return the script's result
     */
    public <T> Mono<T> eval(RedisClusterReactiveCommands<String, String> commands, String[] keys, String... args) {
        return commands.<T>eval(source, output, keys, args).next();
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
