/**
 * In-memory adapters: a complete, thread-safe event store without a server, for tests and
 * prototypes. Start with {@link io.github.beatbrackerz.eventstore.memory.InMemoryEventStore}.
 * Everything is lost when the store is garbage-collected.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.memory;

import org.jspecify.annotations.NullMarked;
