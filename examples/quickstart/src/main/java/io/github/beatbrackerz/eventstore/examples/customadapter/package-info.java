/**
 * A custom adapter of the kind users write: a bounded in-process cache implementing the
 * {@link io.github.beatbrackerz.eventstore.spi.EventCache} port, checked by the conformance suite.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.examples.customadapter;

import org.jspecify.annotations.NullMarked;
