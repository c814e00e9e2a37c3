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
 * specification, 300 s); 40 ms per single-key command (below the service's 50 ms budget), 2 s
 * per pipelined batch, scan or administrative call; streams longer than 10,000 events are not cached; 1 s to connect; after a
 * timed-out call, every call fails at once for 1 s.
 */
public final class RedisCacheOptions {

    private static final RedisCacheOptions DEFAULTS = builder().build();

    private final String keyPrefix;
    private final Duration eventsTtl;
    private final Duration snapshotsTtl;
    private final Duration sequencesTtl;
    private final Duration aggregateEventsTtl;
    private final Duration statsTtl;
    private final Duration commandTimeout;
    private final Duration bulkTimeout;
    private final Duration connectTimeout;
    private final int maxCachedStreamLength;
    private final Duration backoffAfterTimeout;

    private RedisCacheOptions(Builder b) {
        this.keyPrefix = b.keyPrefix;
        this.eventsTtl = b.eventsTtl;
        this.snapshotsTtl = b.snapshotsTtl;
        this.sequencesTtl = b.sequencesTtl;
        this.aggregateEventsTtl = b.aggregateEventsTtl;
        this.statsTtl = b.statsTtl;
        this.commandTimeout = b.commandTimeout;
        this.bulkTimeout = b.bulkTimeout;
        this.connectTimeout = b.connectTimeout;
        this.maxCachedStreamLength = b.maxCachedStreamLength;
        this.backoffAfterTimeout = b.backoffAfterTimeout;
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

    /** @return the time budget of one single-key cache call, after which it fails as a miss */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** @return the time budget of a pipelined batch, a scan-based call or an administrative call */
    public Duration bulkTimeout() {
        return bulkTimeout;
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
     * @return how long every call fails at once after a call timed out (a Redis that accepts
     *         connections but does not answer); zero disables this
     */
    public Duration backoffAfterTimeout() {
        return backoffAfterTimeout;
    }

    /** Builds {@link RedisCacheOptions}. Not thread-safe. */
    public static final class Builder {
        private String keyPrefix = "es:";
        private Duration eventsTtl = Duration.ofSeconds(3600);
        private Duration snapshotsTtl = Duration.ofSeconds(7200);
        private Duration sequencesTtl = Duration.ofSeconds(300);
        private Duration aggregateEventsTtl = Duration.ofSeconds(1800);
        private Duration statsTtl = Duration.ofSeconds(300);
        // Below the service's 50 ms budget, so the adapter reports a timeout before the service abandons the call.
        private Duration commandTimeout = Duration.ofMillis(40);
        private Duration bulkTimeout = Duration.ofSeconds(2);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private int maxCachedStreamLength = EventCache.DEFAULT_MAX_CACHED_STREAM_LENGTH;
        private Duration backoffAfterTimeout = Duration.ofSeconds(1);

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
         * Sets the time budget of one single-key cache call, after which it fails as a miss (40 ms by
         * default, below the service's 50 ms budget).
         *
         * @param timeout at least 1 ms
         * @return this builder
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive("commandTimeout", timeout);
            return this;
        }

        /**
         * Sets the time budget of a pipelined batch, a scan-based call or an administrative call (2 s by
         * default); not shorter than the command timeout.
         *
         * @param timeout at least 1 ms
         * @return this builder
         */
        public Builder bulkTimeout(Duration timeout) {
            this.bulkTimeout = positive("bulkTimeout", timeout);
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
         * Sets how long every call fails at once after a call timed out, so a Redis that accepts connections
         * but does not answer costs one timeout rather than one per call (1 s by default).
         *
         * @param backoff zero (off) or more
         * @return this builder
         */
        public Builder backoffAfterTimeout(Duration backoff) {
            Require.notNull("backoffAfterTimeout", backoff);
            if (backoff.isNegative()) {
                throw new ValidationException("backoffAfterTimeout", "must not be negative, was " + backoff);
            }
            this.backoffAfterTimeout = backoff;
            return this;
        }

        /**
         * @return the options
         * @throws ValidationException (field {@code bulkTimeout}) if it is shorter than the command timeout
         */
        public RedisCacheOptions build() {
            if (bulkTimeout.compareTo(commandTimeout) < 0) {
                throw new ValidationException("bulkTimeout", "must not be shorter than commandTimeout");
            }
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
