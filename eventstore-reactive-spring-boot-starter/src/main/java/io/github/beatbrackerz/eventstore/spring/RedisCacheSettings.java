package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;

/** Turns {@code eventstore.cache.*} into the Redis adapter's options. Loaded only when the Redis adapter is on the class path. */
final class RedisCacheSettings {

    private RedisCacheSettings() {
    }

    /**
     * @param cache the bound settings
     * @return the Redis cache options from the set values and the library's defaults
     * @throws IllegalArgumentException naming the property whose value is rejected
     */
    static RedisCacheOptions options(EventStoreProperties.Cache cache) {
        return PropertyCheck.byField("eventstore.cache.", () -> {
            RedisCacheOptions.Builder builder = RedisCacheOptions.builder();
            if (cache.keyPrefix() != null) {
                builder.keyPrefix(cache.keyPrefix());
            }
            if (cache.eventsTtl() != null) {
                builder.eventsTtl(cache.eventsTtl());
            }
            if (cache.snapshotsTtl() != null) {
                builder.snapshotsTtl(cache.snapshotsTtl());
            }
            if (cache.sequencesTtl() != null) {
                builder.sequencesTtl(cache.sequencesTtl());
            }
            if (cache.aggregateEventsTtl() != null) {
                builder.aggregateEventsTtl(cache.aggregateEventsTtl());
            }
            if (cache.statsTtl() != null) {
                builder.statsTtl(cache.statsTtl());
            }
            if (cache.connectTimeout() != null) {
                builder.connectTimeout(cache.connectTimeout());
            }
            if (cache.maxCachedStreamLength() != null) {
                builder.maxCachedStreamLength(cache.maxCachedStreamLength());
            }
            if (cache.nearCacheBytes() != null) {
                builder.nearCacheBytes(cache.nearCacheBytes());
            }
            return builder.build();
        });
    }
}
