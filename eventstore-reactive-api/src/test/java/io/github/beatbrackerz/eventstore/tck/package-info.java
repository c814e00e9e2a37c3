/**
 * The conformance suite (TCK), shipped in this module's test-jar: extend
 * {@link io.github.beatbrackerz.eventstore.tck.EventStoreConformance} and supply an
 * {@link io.github.beatbrackerz.eventstore.tck.EventStoreFixture}. Needs JUnit Jupiter, AssertJ,
 * reactor-test and Awaitility on the test classpath.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.tck;

import org.jspecify.annotations.NullMarked;
