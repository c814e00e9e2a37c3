/** Stock cache implementations that need no server. */
@NullMarked
package io.github.beatbrackerz.eventstore.cache;

import org.jspecify.annotations.NullMarked;
