package io.github.beatbrackerz.eventstore.examples.orders;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderService;
import io.github.beatbrackerz.eventstore.examples.orders.readmodel.CustomerSummaries;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the PostgreSQL event store with LISTEN/NOTIFY subscriptions from the configured URL, or
 * from an embedded PostgreSQL when none is given, with a Redis cache when one is configured, and the order service on top.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /**
     * @param properties the service's settings
     * @return the database in use; an embedded one is stopped with the context
     */
    @Bean(destroyMethod = "close")
    public DatabaseServer databaseServer(OrdersProperties properties) {
        return DatabaseServer.of(properties.r2dbcUrl());
    }

    /**
     * @param properties the service's settings
     * @return the Redis cache when a URI is configured, else none
     */
    @Bean
    public CacheSelection cacheSelection(OrdersProperties properties) {
        return CacheSelection.of(properties.redisUrl(), properties.redisKeyPrefix());
    }

    /**
     * @param server the database
     * @param cache the optional cache
     * @return the store's builder over a connection pool for the server's URL; opens no connection
     */
    @Bean
    public R2dbcEventStoreBuilder eventStoreBuilder(DatabaseServer server, CacheSelection cache) {
        R2dbcEventStoreBuilder builder = R2dbcEventStores.connect(server.url());
        cache.cache().ifPresent(builder::cache);
        return builder;
    }

    /**
     * @param builder the configured builder
     * @return the store; {@link EventStoreLifecycle} closes it
     */
    @Bean(destroyMethod = "")
    public EventStore eventStore(R2dbcEventStoreBuilder builder) {
        return builder.build();
    }

    /**
     * @param store the store
     * @param properties the service's settings, for the snapshot interval
     * @return the order commands and queries
     */
    @Bean
    public OrderService orderService(EventStore store, OrdersProperties properties) {
        return new OrderService(store, properties.snapshotInterval());
    }

    /**
     * @param builder the configured builder
     * @param store the store
     * @return the store's durable subscriptions; {@link EventStoreLifecycle} closes them
     */
    @Bean(destroyMethod = "")
    public R2dbcDurableSubscriptions durableSubscriptions(R2dbcEventStoreBuilder builder, EventStore store) {
        return builder.durableSubscriptions(store);
    }

    /**
     * @param durable the durable subscriptions
     * @param builder the configured builder, for its connections
     * @return the customer summaries read model; {@link EventStoreLifecycle} starts it
     */
    @Bean
    public CustomerSummaries customerSummaries(R2dbcDurableSubscriptions durable, R2dbcEventStoreBuilder builder) {
        return new CustomerSummaries(durable, builder.connectionFactory());
    }

    /**
     * @param builder the configured builder, for its schema setup and pool
     * @param store the store
     * @param cache the optional cache, closed after the store
     * @param durable the durable subscriptions, closed first
     * @param summaries the read model, started once the schema is ready
     * @return the lifecycle that prepares the schema at start and closes the store at stop
     */
    @Bean
    public EventStoreLifecycle eventStoreLifecycle(R2dbcEventStoreBuilder builder, EventStore store, CacheSelection cache,
            R2dbcDurableSubscriptions durable, CustomerSummaries summaries) {
        return new EventStoreLifecycle(builder, store, cache, durable, summaries);
    }
}
