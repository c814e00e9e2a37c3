/**
 * The Redis cache adapter over Lettuce: {@link io.github.beatbrackerz.eventstore.redis.RedisEventCaches}
 * builds an {@link io.github.beatbrackerz.eventstore.spi.EventCache} for a standalone, Sentinel or
 * Cluster deployment, configured by {@link io.github.beatbrackerz.eventstore.redis.RedisCacheOptions}.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.redis;

import org.jspecify.annotations.NullMarked;
