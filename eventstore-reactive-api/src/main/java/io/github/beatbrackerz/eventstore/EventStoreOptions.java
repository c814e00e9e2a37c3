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
    private final CacheConsistency cacheConsistency;

    private EventStoreOptions(Builder builder) {
        this.maxPayloadBytes = builder.maxPayloadBytes;
        this.maxMetadataBytes = builder.maxMetadataBytes;
        this.maxBatchSize = builder.maxBatchSize;
        this.cacheTimeout = builder.cacheTimeout;
        this.cacheConsistency = builder.cacheConsistency;
    }

    /** @return the defaults: 1 MiB payloads, 64 KiB metadata, 10,000-event batches, 50 ms cache budget, verified cache reads */
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

    /** @return how far cached reads are trusted */
    public CacheConsistency cacheConsistency() {
        return cacheConsistency;
    }

    /** Builds {@link EventStoreOptions}. Not thread-safe. */
    public static final class Builder {
        private int maxPayloadBytes = 1024 * 1024;
        private int maxMetadataBytes = 64 * 1024;
        private int maxBatchSize = 10_000;
        private Duration cacheTimeout = Duration.ofMillis(50);
        private CacheConsistency cacheConsistency = CacheConsistency.VERIFIED;

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
            Require.notNull("cacheTimeout", timeout);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new ValidationException("cacheTimeout", "must be positive, was " + timeout);
            }
            this.cacheTimeout = timeout;
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

        /** @return the options */
        public EventStoreOptions build() {
            return new EventStoreOptions(this);
        }
    }
}
