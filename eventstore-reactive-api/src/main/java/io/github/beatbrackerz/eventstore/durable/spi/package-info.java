/**
 * The ports of durable subscriptions: what a storage adapter implements so that the shared runner
 * can keep checkpoints, lease segments to instances and park events in it. The PostgreSQL module
 * implements them with tables and fencing tokens; the in-memory store implements them in local
 * memory.
 *
 * <p>Shared contract of every method: lazy (nothing happens before subscription); failures of the
 * storage arrive as {@link io.github.beatbrackerz.eventstore.error.StorageException} through
 * {@code onError}; invalid arguments throw
 * {@link io.github.beatbrackerz.eventstore.error.ValidationException} at call time; cancelling
 * after a write was sent does not undo it. Time (lease expiry, heartbeats) is the storage's
 * clock, never the caller's: a runner renews on a timer well inside its lease time and trusts the
 * answer of the renewal.
 *
 * <p>Fencing: every claim sets a new token that is never reused. Checkpoint, renew, release and
 * park match owner <em>and</em> token (and, except release, an unexpired lease), so an owner
 * whose lease was taken over can never write again.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.durable.spi;

import org.jspecify.annotations.NullMarked;
