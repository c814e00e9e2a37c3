package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import java.time.Duration;

/**
 * Limits and behaviour of the {@link EventStore} service, independent of any adapter.
 * Immutable; build with {@link #builder()}, whose {@code build()} validates.
 */
public final class EventStoreOptions {

    private static final EventStoreOptions DEFAULTS = builder().build();

    private final int maxPayloadBytes;
    private final int maxMetadataBytes;
    private final int maxBatchSize;
    private final Duration cacheTimeout;
    private final Duration cacheAdminTimeout;
    private final Duration cacheBackoffAfterTimeout;
    private final CacheConsistency cacheConsistency;
    private final int warmupConcurrency;
    private final int warmupBatchSize;

    private EventStoreOptions(Builder builder) {
        this.maxPayloadBytes = builder.maxPayloadBytes;
        this.maxMetadataBytes = builder.maxMetadataBytes;
        this.maxBatchSize = builder.maxBatchSize;
        this.cacheTimeout = builder.cacheTimeout;
        this.cacheAdminTimeout = builder.cacheAdminTimeout;
        this.cacheBackoffAfterTimeout = builder.cacheBackoffAfterTimeout;
        this.cacheConsistency = builder.cacheConsistency;
        this.warmupConcurrency = builder.warmupConcurrency;
        this.warmupBatchSize = builder.warmupBatchSize;
    }

    /** @return the defaults: 1 MiB payloads, 64 KiB metadata, 10,000-event batches, 50 ms cache budget, 1 s cache back-off after a timeout, verified cache reads */
    public static EventStoreOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the largest payload accepted, in UTF-8 bytes of its JSON text */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** @return the largest metadata accepted, in UTF-8 bytes of its JSON text */
    public int maxMetadataBytes() {
        return maxMetadataBytes;
    }

    /** @return the most events one {@code appendEvents} call accepts */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** @return how long one cache call may take before the store goes to storage instead */
    public Duration cacheTimeout() {
        return cacheTimeout;
    }

    /**
     * The budget of the explicit cache administration calls ({@code clearAggregateCache},
     * {@code clearCache}, {@code getCacheStats}) and of each {@code warmupCache} batch, which scan,
     * count or write many keys and need more than a single read.
     *
     * @return the administration budget per call
     */
    public Duration cacheAdminTimeout() {
        return cacheAdminTimeout;
    }

    /**
     * How long the store leaves the cache alone after a cache command ran out of its budget: reads
     * are misses and writes are skipped without asking the cache, so a cache that accepts
     * connections but stops answering costs one budget, not one per call. The first call after the
     * back-off asks the cache again. Only a command that timed out opens it, never a slow first
     * connect, an error (a disconnected Redis rejects at once) or an administration call, which is
     * always tried.
     *
     * @return the back-off after a timeout; zero turns it off
     */
    public Duration cacheBackoffAfterTimeout() {
        return cacheBackoffAfterTimeout;
    }

    /** @return how far cached reads are trusted */
    public CacheConsistency cacheConsistency() {
        return cacheConsistency;
    }

    /** @return how many streams {@code warmupCache} reads from storage at once */
    public int warmupConcurrency() {
        return warmupConcurrency;
    }

    /** @return how many streams {@code warmupCache} writes to the cache in one batch */
    public int warmupBatchSize() {
        return warmupBatchSize;
    }

    /** Builds {@link EventStoreOptions}. Not thread-safe. */
    public static final class Builder {
        private int maxPayloadBytes = 1024 * 1024;
        private int maxMetadataBytes = 64 * 1024;
        private int maxBatchSize = 10_000;
        private Duration cacheTimeout = Duration.ofMillis(50);
        private Duration cacheAdminTimeout = Duration.ofSeconds(5);
        private Duration cacheBackoffAfterTimeout = Duration.ofSeconds(1);
        private CacheConsistency cacheConsistency = CacheConsistency.VERIFIED;
        private int warmupConcurrency = 8;
        private int warmupBatchSize = 32;

        private Builder() {
        }

        /**
         * @param bytes the largest payload, 2 bytes to 100 MiB
         * @return this builder
         */
        public Builder maxPayloadBytes(int bytes) {
            this.maxPayloadBytes = Require.between("maxPayloadBytes", bytes, 2, 100 * 1024 * 1024);
            return this;
        }

        /**
         * @param bytes the largest metadata, 2 bytes to 100 MiB
         * @return this builder
         */
        public Builder maxMetadataBytes(int bytes) {
            this.maxMetadataBytes = Require.between("maxMetadataBytes", bytes, 2, 100 * 1024 * 1024);
            return this;
        }

        /**
         * @param size the most events per batch, 1 to 1,000,000
         * @return this builder
         */
        public Builder maxBatchSize(int size) {
            this.maxBatchSize = Require.between("maxBatchSize", size, 1, 1_000_000);
            return this;
        }

        /**
         * @param timeout the cache's time budget per call, positive
         * @return this builder
         */
        public Builder cacheTimeout(Duration timeout) {
            this.cacheTimeout = positive("cacheTimeout", timeout);
            return this;
        }

        /**
         * @param timeout the budget of cache administration calls, positive (5 s by default)
         * @return this builder
         */
        public Builder cacheAdminTimeout(Duration timeout) {
            this.cacheAdminTimeout = positive("cacheAdminTimeout", timeout);
            return this;
        }

        /**
         * @param backoff how long the cache is left alone after a command timed out, zero or more
         *     (1 s by default; zero turns the back-off off); see {@link EventStoreOptions#cacheBackoffAfterTimeout()}
         * @return this builder
         */
        public Builder cacheBackoffAfterTimeout(Duration backoff) {
            Require.notNull("cacheBackoffAfterTimeout", backoff);
            if (backoff.isNegative()) {
                throw new ValidationException("cacheBackoffAfterTimeout", "must not be negative, was " + backoff);
            }
            this.cacheBackoffAfterTimeout = backoff;
            return this;
        }

        /**
         * @param consistency how far cached reads are trusted
         * @return this builder
         */
        public Builder cacheConsistency(CacheConsistency consistency) {
            this.cacheConsistency = Require.notNull("cacheConsistency", consistency);
            return this;
        }

        /**
         * @param concurrency streams {@code warmupCache} reads from storage at once, 1 to 256 (8 by
         *     default); each stream's three reads (events, snapshot, counter) run at once, so keep three
         *     times this below the connection pool's size to leave connections free for other work
         * @return this builder
         */
        public Builder warmupConcurrency(int concurrency) {
            this.warmupConcurrency = Require.between("warmupConcurrency", concurrency, 1, 256);
            return this;
        }

        /**
         * @param size streams per cache write batch of {@code warmupCache}, 1 to 1,000 (32 by default)
         * @return this builder
         */
        public Builder warmupBatchSize(int size) {
            this.warmupBatchSize = Require.between("warmupBatchSize", size, 1, 1_000);
            return this;
        }

        private static Duration positive(String field, Duration timeout) {
            Require.notNull(field, timeout);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new ValidationException(field, "must be positive, was " + timeout);
            }
            return timeout;
        }

        /** @return the options */
        public EventStoreOptions build() {
            return new EventStoreOptions(this);
        }
    }
}
