/**
 * Schema evolution by upcasting: {@link io.github.beatbrackerz.eventstore.upcast.Upcaster}s turn
 * a stored event's payload from the version it was written in into the current one, and an
 * {@link io.github.beatbrackerz.eventstore.upcast.Upcasters} registry, given to the store's
 * builder, applies them on every read path.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.upcast;

import org.jspecify.annotations.NullMarked;
