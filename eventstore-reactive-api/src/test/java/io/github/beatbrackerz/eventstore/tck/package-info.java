/**
 * The conformance suites (TCK), shipped in this module's test-jar:
 * <ul>
 *   <li>stores: extend {@link io.github.beatbrackerz.eventstore.tck.EventStoreConformance} and supply an
 *   {@link io.github.beatbrackerz.eventstore.tck.EventStoreFixture};</li>
 *   <li>durable subscriptions: extend {@link io.github.beatbrackerz.eventstore.tck.DurableSubscriptionConformance}
 *   and supply a {@link io.github.beatbrackerz.eventstore.tck.DurableSubscriptionFixture};</li>
 *   <li>caches: extend {@link io.github.beatbrackerz.eventstore.tck.EventCacheConformance} and supply an
 *   {@link io.github.beatbrackerz.eventstore.tck.EventCacheFixture}.</li>
 * </ul>
 * {@link io.github.beatbrackerz.eventstore.tck.ForwardingEventCache} is a base for cache test doubles.
 * Needs JUnit Jupiter, AssertJ, reactor-test and Awaitility on the test classpath.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.tck;

import org.jspecify.annotations.NullMarked;
