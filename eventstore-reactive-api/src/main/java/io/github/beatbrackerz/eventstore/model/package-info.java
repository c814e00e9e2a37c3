/**
 * Immutable domain values: events, queries, positions, snapshots, statistics and projections.
 * Constructors validate and throw {@link io.github.beatbrackerz.eventstore.error.ValidationException}
 * naming the bad field.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.model;

import org.jspecify.annotations.NullMarked;
