/**
 * Micrometer observations for the event store: {@link
 * io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations} decorates an {@code EventStore}
 * and an {@code EventCache} so that one instrumentation gives timers (through Micrometer's meter
 * handler) and spans (through a tracing bridge), and {@link
 * io.github.beatbrackerz.eventstore.micrometer.DurableSubscriptionMeters} publishes the durable
 * subscriptions' lag and parked counts as gauges. The names and tags are listed on {@code
 * EventStoreObservations}; every tag is low-cardinality (never an aggregate id or event id).
 */
@NullMarked
package io.github.beatbrackerz.eventstore.micrometer;

import org.jspecify.annotations.NullMarked;
