/**
 * Internal helpers of the Redis adapter: key layout, envelopes, Lua scripts, topologies and error
 * translation. Not a supported API: anything here may change without notice.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.redis.internal;

import org.jspecify.annotations.NullMarked;
