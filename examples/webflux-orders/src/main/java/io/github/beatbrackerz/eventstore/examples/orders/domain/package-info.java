/**
 * The order aggregate: its events, its state, the projection that folds one into the other, and
 * the service that turns commands into appends with optimistic concurrency.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.examples.orders.domain;

import org.jspecify.annotations.NullMarked;
