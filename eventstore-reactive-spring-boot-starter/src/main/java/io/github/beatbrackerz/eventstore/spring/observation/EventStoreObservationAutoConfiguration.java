package io.github.beatbrackerz.eventstore.spring.observation;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.micrometer.DurableSubscriptionMeters;
import io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spring.DurableSubscriptionDefinition;
import io.github.beatbrackerz.eventstore.spring.EventStoreAutoConfiguration;
import io.github.beatbrackerz.eventstore.spring.EventStoreBuilderCustomizer;
import io.github.beatbrackerz.eventstore.spring.EventStoreProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Observes the event store with Micrometer when {@code eventstore-reactive-micrometer} and
 * Micrometer are on the class path: every {@link EventStore} bean is decorated with {@link
 * EventStoreObservations#observe(EventStore, ObservationRegistry, MeterRegistry)}, the cache the
 * auto-configured builder receives with {@link EventStoreObservations#observe(EventCache,
 * ObservationRegistry)}, and the declared durable subscriptions get {@link DurableSubscriptionMeters}.
 * Without an {@link ObservationRegistry} bean nothing is decorated and nothing is paid. Switch it
 * off with {@code eventstore.observations.enabled=false}.
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({EventStoreObservations.class, ObservationRegistry.class, MeterRegistry.class})
@ConditionalOnBooleanProperty(name = "eventstore.observations.enabled", matchIfMissing = true)
public final class EventStoreObservationAutoConfiguration {

    EventStoreObservationAutoConfiguration() {
    }

    /**
     * Decorates each {@link EventStore} bean once it is initialised, before anything is injected with it.
     *
     * @param observations the application's observation registry, if any (looked up when a store is created)
     * @param meters the application's meter registry, if any
     * @return the post-processor
     */
    @Bean
    static BeanPostProcessor eventStoreObservationPostProcessor(ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<MeterRegistry> meters) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof EventStore store)) {
                    return bean;
                }
                ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
                return EventStoreObservations.observe(store, registry, meters.getIfAvailable(CompositeMeterRegistry::new));
            }
        };
    }

    /**
     * Hands the auto-configured builder the observed cache; applied before the application's customizers.
     *
     * @param cache the cache bean, if any
     * @param observations the application's observation registry, if any
     * @return the customizer
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnBean(ObservationRegistry.class)
    EventStoreBuilderCustomizer eventStoreCacheObservation(ObjectProvider<EventCache> cache, ObservationRegistry observations) {
        return builder -> cache.ifAvailable(eventCache -> builder.cache(EventStoreObservations.observe(eventCache, observations)));
    }

    /**
     * The declared durable subscriptions' gauges; Boot binds them to its meter registry.
     *
     * @param durable the durable subscriptions
     * @param definitions the declared durable subscriptions
     * @param properties the reading interval
     * @return the gauges; reads nothing until bound
     */
    @Bean(destroyMethod = "dispose")
    @ConditionalOnMissingBean
    @ConditionalOnBean({R2dbcDurableSubscriptions.class, MeterRegistry.class})
    DurableSubscriptionMeters eventStoreDurableSubscriptionMeters(R2dbcDurableSubscriptions durable,
            ObjectProvider<DurableSubscriptionDefinition> definitions, EventStoreProperties properties) {
        return new DurableSubscriptionMeters(durable, definitions.orderedStream().map(DurableSubscriptionDefinition::name).toList(),
                properties.observations().durableInterval());
    }
}
