package io.github.beatbrackerz.eventstore.spring.health;

import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spring.DurableSubscriptionDefinition;
import io.github.beatbrackerz.eventstore.spring.EventStoreAutoConfiguration;
import io.github.beatbrackerz.eventstore.spring.EventStoreLifecycle;
import io.github.beatbrackerz.eventstore.spring.EventStoreProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code eventStore} health component when Boot's health support is on the class
 * path and the store is auto-configured. Its parts: {@code postgres} (always), {@code subscriptions}
 * (with the LISTEN/NOTIFY engine), {@code durable} (with declared durable subscriptions) and {@code
 * cache} (with a cache). Switch it off with {@code management.health.eventstore.enabled=false};
 * replace it with a bean named {@code eventStoreHealthContributor}.
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.ReactiveHealthIndicator")
@ConditionalOnBean({EventStoreLifecycle.class, R2dbcEventStoreBuilder.class})
@ConditionalOnEnabledHealthIndicator("eventstore")
public final class EventStoreHealthAutoConfiguration {

    EventStoreHealthAutoConfiguration() {
    }

    /**
     * @param builder the store's builder, for its connection factory
     * @param lifecycle the schema set-up's state and the declared subscriptions' start failures
     * @param properties the health settings
     * @param engine the subscription engine, if any
     * @param durable the durable subscriptions, if any
     * @param definitions the declared durable subscriptions
     * @param cache the cache, if any
     * @return the composite {@code eventStore} contributor
     */
    @Bean
    @ConditionalOnMissingBean(name = {"eventStoreHealthContributor", "eventStoreHealthIndicator"})
    ReactiveHealthContributor eventStoreHealthContributor(R2dbcEventStoreBuilder builder, EventStoreLifecycle lifecycle,
            EventStoreProperties properties, ObjectProvider<PostgresSubscriptions> engine, ObjectProvider<R2dbcDurableSubscriptions> durable,
            ObjectProvider<DurableSubscriptionDefinition> definitions, ObjectProvider<EventCache> cache) {
        EventStoreProperties.Health settings = properties.health();
        Map<String, ReactiveHealthContributor> parts = new LinkedHashMap<>();
        parts.put("postgres", new PostgresHealthIndicator(builder.connectionFactory(), lifecycle, settings.timeout()));
        engine.ifAvailable(subscriptions -> parts.put("subscriptions", new SubscriptionsHealthIndicator(subscriptions, settings)));
        List<String> names = definitions.orderedStream().map(DurableSubscriptionDefinition::name).toList();
        R2dbcDurableSubscriptions subscriptions = durable.getIfAvailable();
        if (subscriptions != null && !names.isEmpty()) {
            parts.put("durable", new DurableHealthIndicator(subscriptions, lifecycle, names, settings));
        }
        cache.ifAvailable(eventCache -> {
            if (eventCache.enabled()) {
                parts.put("cache", new CacheHealthIndicator(eventCache, settings.timeout()));
            }
        });
        return CompositeReactiveHealthContributor.fromMap(parts);
    }
}
