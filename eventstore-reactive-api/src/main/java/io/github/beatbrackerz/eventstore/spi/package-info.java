/**
 * The ports: what an adapter implements to plug storage, real-time delivery or a cache into the
 * event store. Every method returns a lazy {@code Mono} or {@code Flux} and reports failures as
 * signals.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.spi;

import org.jspecify.annotations.NullMarked;
