/**
 * The event store's public face: {@link io.github.beatbrackerz.eventstore.EventStore}, the
 * interfaces it is composed of, and its options.
 */
@NullMarked
package io.github.beatbrackerz.eventstore;

import org.jspecify.annotations.NullMarked;
