package io.github.beatbrackerz.eventstore.examples.orders;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderService;
import io.github.beatbrackerz.eventstore.examples.orders.readmodel.CustomerSummaries;
import io.github.beatbrackerz.eventstore.spring.DurableSubscriptionDefinition;
import io.github.beatbrackerz.eventstore.spring.EventStoreProperties;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's beans on top of the store the starter configures: the order service and the
 * customer summaries read model, whose durable subscription the starter starts once the schema is
 * ready and hands over at shutdown.
 */
@Configuration(proxyBeanMethods = false)
public class OrdersConfiguration {

    /**
     * @param store the starter's store
     * @param properties the service's settings, for the snapshot interval
     * @return the order commands and queries
     */
    @Bean
    public OrderService orderService(EventStore store, OrdersProperties properties) {
        return new OrderService(store, properties.snapshotInterval());
    }

    /**
     * @param connections Boot's connection factory, the store's too
     * @param store the starter's settings, for the schema the tables go in
     * @return the read model
     */
    @Bean
    public CustomerSummaries customerSummaries(ConnectionFactory connections, EventStoreProperties store) {
        return new CustomerSummaries(connections, store.schema());
    }

    /**
     * @param summaries the read model
     * @return its durable subscription, started and stopped by the starter
     */
    @Bean
    public DurableSubscriptionDefinition customerSummariesSubscription(CustomerSummaries summaries) {
        return summaries.definition();
    }
}
