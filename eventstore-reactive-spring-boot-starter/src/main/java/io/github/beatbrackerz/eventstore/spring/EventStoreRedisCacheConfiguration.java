package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis cache, when {@code eventstore.cache.enabled=true}, the Redis adapter, Lettuce and
 * Boot's Redis support are on the class path, and the application defines no {@link EventCache}
 * of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"io.github.beatbrackerz.eventstore.redis.RedisEventCaches", "io.lettuce.core.RedisClient",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails"})
@ConditionalOnBooleanProperty("eventstore.cache.enabled")
class EventStoreRedisCacheConfiguration {

    /**
     * @param details Boot's Redis connection details
     * @param redis Boot's Redis settings, for {@code spring.data.redis.client-name}
     * @param properties the store's settings
     * @param owned closes the cache and its client on shutdown
     * @return the cache; does no I/O ({@link EventStoreLifecycle} connects it at start)
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(EventCache.class)
    @ConditionalOnBean(DataRedisConnectionDetails.class)
    RedisEventCache eventStoreCache(DataRedisConnectionDetails details, ObjectProvider<DataRedisProperties> redis, EventStoreProperties properties,
            OwnedResources owned) {
        DataRedisProperties settings = redis.getIfAvailable();
        String clientName = settings == null ? null : settings.getClientName();
        RedisEventCache cache = RedisCacheFactory.create(details, clientName, RedisCacheSettings.options(properties.cache()));
        owned.add(OwnedResources.Stage.CACHE, "event store Redis cache", cache::close);
        return cache;
    }
}
