/**
 * Micrometer observations of the auto-configured event store: {@link
 * io.github.beatbrackerz.eventstore.spring.observation.EventStoreObservationAutoConfiguration}.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.spring.observation;

import org.jspecify.annotations.NullMarked;
