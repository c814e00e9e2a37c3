/**
 * Internal helpers. Not a supported API: anything here may change without notice.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.internal;

import org.jspecify.annotations.NullMarked;
