package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.internal.StorageLimits;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import java.time.Duration;

/**
 * Settings of the Redis cache. Immutable; build with {@link #builder()}, whose setters validate
 * and throw {@link ValidationException} naming the field.
 *
 * <p>Defaults: key prefix {@code es:}; TTLs as the specification's {@code cache.ttl}: events
 * 3600 s, snapshots 7200 s, sequences 300 s, aggregateEvents 1800 s (stats, not in the
 * specification, 300 s); streams longer than 10,000 events are not cached; 1 s to connect.
 *
 * <p>The time budgets of cache calls, and the back-off after one timed out, are not set here: the
 * store owns them, for every cache ({@code EventStoreOptions}' {@code cacheTimeout}, {@code
 * cacheAdminTimeout} and {@code cacheBackoffAfterTimeout}). The clients the factory configures
 * end a command nobody waits for any more after {@link RedisEventCaches#COMMAND_SAFETY_TIMEOUT}.
 */
public final class RedisCacheOptions {

    /** The heap decoded events may take in the JVM by default ({@link #nearCacheBytes()}): 16 MiB. */
    public static final long DEFAULT_NEAR_CACHE_BYTES = 16L * 1024 * 1024;

    private static final RedisCacheOptions DEFAULTS = builder().build();

    private final String keyPrefix;
    private final Duration eventsTtl;
    private final Duration snapshotsTtl;
    private final Duration sequencesTtl;
    private final Duration aggregateEventsTtl;
    private final Duration statsTtl;
    private final Duration connectTimeout;
    private final int maxCachedStreamLength;
    private final long nearCacheBytes;

    private RedisCacheOptions(Builder b) {
        this.keyPrefix = b.keyPrefix;
        this.eventsTtl = b.eventsTtl;
        this.snapshotsTtl = b.snapshotsTtl;
        this.sequencesTtl = b.sequencesTtl;
        this.aggregateEventsTtl = b.aggregateEventsTtl;
        this.statsTtl = b.statsTtl;
        this.connectTimeout = b.connectTimeout;
        this.maxCachedStreamLength = b.maxCachedStreamLength;
        this.nearCacheBytes = b.nearCacheBytes;
    }

    /** @return the defaults */
    public static RedisCacheOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the prefix of every key the cache writes; {@code clear()} removes only this cache's
     *         keys, never those of a cache whose prefix starts with this one ({@code es:} beside
     *         {@code es:t2:} is allowed)
     */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** @return how long a single event stays cached by id */
    public Duration eventsTtl() {
        return eventsTtl;
    }

    /** @return how long a latest snapshot stays cached */
    public Duration snapshotsTtl() {
        return snapshotsTtl;
    }

    /** @return how long a sequence counter stays cached */
    public Duration sequencesTtl() {
        return sequencesTtl;
    }

    /** @return how long an aggregate's event list stays cached after its last fill or extension */
    public Duration aggregateEventsTtl() {
        return aggregateEventsTtl;
    }

    /** @return how long aggregate statistics stay cached */
    public Duration statsTtl() {
        return statsTtl;
    }

    /** @return how long opening a connection may take, for clients the factory creates */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the longest stream that is cached; longer streams are always read from storage */
    public int maxCachedStreamLength() {
        return maxCachedStreamLength;
    }

    /**
     * @return how much heap (estimated) the decoded events this cache keeps in the JVM may take, over
     *     all streams, so that reading a stream again fetches and decodes only what was appended since;
     *     0 keeps none
     */
    public long nearCacheBytes() {
        return nearCacheBytes;
    }

    /** Builds {@link RedisCacheOptions}. Not thread-safe. */
    public static final class Builder {
        private String keyPrefix = "es:";
        private Duration eventsTtl = Duration.ofSeconds(3600);
        private Duration snapshotsTtl = Duration.ofSeconds(7200);
        private Duration sequencesTtl = Duration.ofSeconds(300);
        private Duration aggregateEventsTtl = Duration.ofSeconds(1800);
        private Duration statsTtl = Duration.ofSeconds(300);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private int maxCachedStreamLength = EventCache.DEFAULT_MAX_CACHED_STREAM_LENGTH;
        private long nearCacheBytes = DEFAULT_NEAR_CACHE_BYTES;

        private Builder() {
        }

        /**
         * @param prefix 1 to 128 characters, no braces (they would become the Cluster hash tag)
         *               and no control characters
         * @return this builder
         */
        public Builder keyPrefix(String prefix) {
            Require.notNull("keyPrefix", prefix);
            if (prefix.isEmpty() || prefix.length() > 128) {
                throw new ValidationException("keyPrefix", "must be 1 to 128 characters, was " + prefix.length());
            }
            for (int i = 0; i < prefix.length(); i++) {
                char c = prefix.charAt(i);
                if (c == '{' || c == '}' || Character.isISOControl(c)) {
                    throw new ValidationException("keyPrefix", "must not contain braces or control characters");
                }
            }
            StorageLimits.text("keyPrefix", prefix);
            this.keyPrefix = prefix;
            return this;
        }

        /**
         * Sets how long a single event stays cached by id (3600 s by default).
         *
         * @param ttl at least 1 ms
         * @return this builder
         */
        public Builder eventsTtl(Duration ttl) {
            this.eventsTtl = positive("eventsTtl", ttl);
            return this;
        }

        /**
         * Sets how long a latest snapshot stays cached (7200 s by default).
         *
         * @param ttl at least 1 ms
         * @return this builder
         */
        public Builder snapshotsTtl(Duration ttl) {
            this.snapshotsTtl = positive("snapshotsTtl", ttl);
            return this;
        }

        /**
         * Sets how long a sequence counter stays cached (300 s by default).
         *
         * @param ttl at least 1 ms
         * @return this builder
         */
        public Builder sequencesTtl(Duration ttl) {
            this.sequencesTtl = positive("sequencesTtl", ttl);
            return this;
        }

        /**
         * Sets how long an aggregate's event list stays cached after its last fill or extension (1800 s by
         * default).
         *
         * @param ttl at least 1 ms
         * @return this builder
         */
        public Builder aggregateEventsTtl(Duration ttl) {
            this.aggregateEventsTtl = positive("aggregateEventsTtl", ttl);
            return this;
        }

        /**
         * Sets how long aggregate statistics stay cached (300 s by default).
         *
         * @param ttl at least 1 ms
         * @return this builder
         */
        public Builder statsTtl(Duration ttl) {
            this.statsTtl = positive("statsTtl", ttl);
            return this;
        }

        /**
         * Sets how long opening a connection may take, for clients the factory creates (1 s by default).
         *
         * @param timeout at least 1 ms
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * Sets the longest stream that is cached; longer streams are always read from storage (10,000 events
         * by default).
         *
         * @param length 1 to 1,000,000 events
         * @return this builder
         */
        public Builder maxCachedStreamLength(int length) {
            this.maxCachedStreamLength = Require.between("maxCachedStreamLength", length, 1, 1_000_000);
            return this;
        }

        /**
         * Sets how much heap the decoded events this cache keeps in the JVM may take (16 MiB by default),
         * the streams read least recently dropped first; an event is counted at two bytes per character
         * of its payload, metadata, type and author plus 200, an upper estimate. A stream read again is
         * then checked against Redis in the same round trip as before (its generation, and the envelope
         * of the last event kept), and only the events appended since are fetched and decoded; an entry
         * Redis no longer confirms is dropped and the stream read whole.
         *
         * @param bytes 0 (keep none) or more
         * @return this builder
         */
        public Builder nearCacheBytes(long bytes) {
            this.nearCacheBytes = Require.notNegative("nearCacheBytes", bytes);
            return this;
        }

        /** @return the options */
        public RedisCacheOptions build() {
            return new RedisCacheOptions(this);
        }

        private static Duration positive(String field, Duration value) {
            Require.notNull(field, value);
            if (value.toMillis() < 1) {
                throw new ValidationException(field, "must be at least 1 ms, was " + value);
            }
            return value;
        }
    }
}
