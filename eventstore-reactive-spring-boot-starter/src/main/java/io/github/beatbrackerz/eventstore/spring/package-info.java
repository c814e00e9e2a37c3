/**
 * Spring Boot 4 auto-configuration of the event store: {@link
 * io.github.beatbrackerz.eventstore.spring.EventStoreAutoConfiguration} builds the store on Boot's
 * R2DBC {@code ConnectionFactory}, with the optional Redis cache from Boot's Redis settings, sets up
 * the schema at start without blocking ({@link io.github.beatbrackerz.eventstore.spring.EventStoreLifecycle}),
 * starts the durable subscriptions declared as {@link
 * io.github.beatbrackerz.eventstore.spring.DurableSubscriptionDefinition} beans and closes
 * everything it created on shutdown. Settings: {@link io.github.beatbrackerz.eventstore.spring.EventStoreProperties}.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.spring;

import org.jspecify.annotations.NullMarked;
