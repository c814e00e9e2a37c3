package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.upcast.Upcaster;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;

/**
 * Auto-configures the PostgreSQL event store on Boot's R2DBC {@link ConnectionFactory}
 * ({@code spring.r2dbc.*}), with the optional Redis cache, the LISTEN/NOTIFY subscription engine,
 * durable subscriptions and the {@link EventStoreLifecycle}. Every bean backs off when the
 * application defines one of the same type ({@code EventCache}, {@code PostgresSubscriptions},
 * {@code R2dbcEventStoreBuilder}, {@code EventStore}, {@code R2dbcDurableSubscriptions}, {@code
 * EventStoreLifecycle}); a {@link SubscriptionMode} bean replaces the engine. The starter closes
 * only what it created itself ({@link OwnedResources}). The application's {@link Upcaster} beans are
 * registered on the builder, so every read of the store, durable subscriptions included, upcasts.
 * Switch it off with {@code eventstore.enabled=false}.
 */
@AutoConfiguration(after = R2dbcAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({R2dbcEventStores.class, ConnectionFactory.class})
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "eventstore.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventStoreProperties.class)
@Import(EventStoreRedisCacheConfiguration.class)
public final class EventStoreAutoConfiguration {

    EventStoreAutoConfiguration() {
    }

    /** @return the registry of what the starter creates and closes */
    @Bean
    @ConditionalOnMissingBean
    OwnedResources eventStoreOwnedResources() {
        return new OwnedResources();
    }

    /**
     * The LISTEN/NOTIFY engine, unless {@code eventstore.subscriptions.mode=disabled} or the
     * application supplies a {@link SubscriptionMode}, an engine or its own builder. The store closes it.
     *
     * @param connectionFactory Boot's connection factory, for reads and NOTIFY
     * @param properties the store's settings
     * @return the engine; opens no connection until the first subscriber
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean({PostgresSubscriptions.class, SubscriptionMode.class, R2dbcEventStoreBuilder.class})
    @Conditional(ListenNotifyCondition.class)
    PostgresSubscriptions eventStoreSubscriptions(ConnectionFactory connectionFactory, EventStoreProperties properties) {
        String listenerUrl = properties.subscriptions().listenerUrl();
        boolean ownListener = listenerUrl != null && !listenerUrl.isBlank();
        ConnectionFactory listener = ownListener ? listenerFactory(listenerUrl) : unpooled(connectionFactory);
        return PropertyCheck.named(ownListener ? "eventstore.subscriptions.listener-url" : "spring.r2dbc",
                () -> PostgresSubscriptions.create(connectionFactory, listener, properties.schema(), properties.subscriptions().options()));
    }

    /**
     * @param connectionFactory Boot's connection factory (its pool is Boot's to close)
     * @param properties the store's settings
     * @param cache the cache, when one is configured
     * @param mode the application's own subscription mode, if any
     * @param engine the subscription engine, when subscriptions are on
     * @param upcasters the application's {@link Upcaster} beans, registered together as one {@link Upcasters}
     * @param customizers the application's adjustments, applied last
     * @return the configured builder; does no I/O
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code upcasters}) when two
     *     upcaster beans read the same type and version, or a type's upcasters leave a gap
     */
    @Bean
    @ConditionalOnMissingBean
    R2dbcEventStoreBuilder eventStoreBuilder(ConnectionFactory connectionFactory, EventStoreProperties properties,
            ObjectProvider<EventCache> cache, ObjectProvider<SubscriptionMode> mode, ObjectProvider<PostgresSubscriptions> engine,
            ObjectProvider<Upcaster> upcasters, ObjectProvider<EventStoreBuilderCustomizer> customizers) {
        R2dbcEventStoreBuilder builder = R2dbcEventStores.builder(connectionFactory);
        properties.applyTo(builder);
        builder.eventStoreOptions(properties.cache().storeOptions());
        cache.ifAvailable(builder::cache);
        SubscriptionMode chosen = mode.getIfAvailable();
        if (chosen == null) {
            PostgresSubscriptions subscriptions = engine.getIfAvailable();
            chosen = subscriptions == null ? SubscriptionMode.disabled() : SubscriptionMode.engine(subscriptions);
        }
        builder.subscriptions(chosen);
        builder.upcasters(Upcasters.of(upcasters.orderedStream().toList()));
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    /**
     * @param builder the configured builder
     * @param owned closes the store on shutdown
     * @return the store; does no I/O
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    EventStore eventStore(R2dbcEventStoreBuilder builder, OwnedResources owned) {
        EventStore store = builder.build();
        owned.add(OwnedResources.Stage.STORE, "event store", store::close);
        return store;
    }

    /**
     * @param builder the configured builder
     * @param store the store
     * @param properties the store's settings, for the instance name
     * @param owned closes them (graceful hand-over) on shutdown
     * @return the store's durable subscriptions; does no I/O
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    R2dbcDurableSubscriptions eventStoreDurableSubscriptions(R2dbcEventStoreBuilder builder, EventStore store, EventStoreProperties properties,
            OwnedResources owned) {
        String instanceName = properties.instanceName();
        R2dbcDurableSubscriptions durable = instanceName == null
                ? builder.durableSubscriptions(store)
                : R2dbcDurableSubscriptions.create(store, builder.connectionFactory(), properties.schema(), instanceName);
        owned.add(OwnedResources.Stage.DURABLE_SUBSCRIPTIONS, "durable subscriptions", durable::close);
        return durable;
    }

    /**
     * @param builder the configured builder, for the schema set-up
     * @param properties the store's settings
     * @param cache the cache bean, connected at start when it is a {@code RedisEventCache}
     * @param durable the durable subscriptions the declared ones start on
     * @param definitions the declared durable subscriptions
     * @param owned what to close on stop
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    EventStoreLifecycle eventStoreLifecycle(R2dbcEventStoreBuilder builder, EventStoreProperties properties, ObjectProvider<EventCache> cache,
            R2dbcDurableSubscriptions durable, ObjectProvider<DurableSubscriptionDefinition> definitions, OwnedResources owned) {
        Mono<Void> schema = properties.initializeSchema() ? builder.initializeSchema() : Mono.empty();
        return new EventStoreLifecycle(schema, CacheConnect.of(cache.getIfUnique()), durable, definitions.orderedStream().toList(), owned);
    }

    private static ConnectionFactory unpooled(ConnectionFactory connectionFactory) {
        return connectionFactory instanceof ConnectionPool pool ? pool.unwrap() : connectionFactory;
    }

    private static ConnectionFactory listenerFactory(String url) {
        try {
            return ConnectionFactories.get(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("eventstore.subscriptions.listener-url cannot be used: " + e.getMessage(), e);
        }
    }

    /** Holds requests until the schema is ready, in a reactive web application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
    static class SchemaReadyFilterConfiguration {

        /**
         * @param lifecycle tells when the schema is ready
         * @return the filter
         */
        @Bean
        @ConditionalOnMissingBean
        SchemaReadyWebFilter eventStoreSchemaReadyWebFilter(EventStoreLifecycle lifecycle) {
            return new SchemaReadyWebFilter(lifecycle);
        }
    }
}
