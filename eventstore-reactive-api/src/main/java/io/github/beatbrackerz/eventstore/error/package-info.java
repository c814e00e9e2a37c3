/**
 * The exception hierarchy: {@link io.github.beatbrackerz.eventstore.error.EventStoreException}
 * and its typed subtypes.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.error;

import org.jspecify.annotations.NullMarked;
