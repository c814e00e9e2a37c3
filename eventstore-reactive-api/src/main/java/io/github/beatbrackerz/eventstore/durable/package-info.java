/**
 * Durable subscriptions: named consumers that keep their place in stored checkpoints, share their
 * work across instances, retry and park failing events, and can be paused, resumed and reset.
 *
 * <p><b>Model.</b> A subscription has a name, a filter and a handler. Its events are split into
 * {@link io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec#segments() segments}
 * by a hash of their stream ({@link io.github.beatbrackerz.eventstore.durable.Segments}), so one
 * stream always goes to one segment. Each segment has a checkpoint and a lease: at every moment at
 * most one instance holds a segment and hands its events to the handler, one event (or batch) at
 * a time, in position order, so each stream's events arrive in order. Instances that start the
 * same name share the segments fairly ({@code ceil(segments / instances)} each) and rebalance
 * when instances join or leave.
 *
 * <p><b>Feed.</b> Each segment reads the store's commit-safe feed ({@code subscribeFrom}) after
 * its checkpoint: history first, then live, never skipping an event that commits late.
 *
 * <p><b>Delivery.</b> At-least-once by default: the checkpoint advances after the handler's
 * {@code Mono} completed, in batches whose size bounds redelivery after a crash (see {@link
 * io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec}). The PostgreSQL module
 * adds exactly-once effects for read models in the same database: a transactional handler writes
 * with the connection of the transaction that also advances the checkpoint.
 *
 * <p><b>Fencing.</b> Every lease carries a token that a takeover replaces. An owner that lost its
 * lease can neither store a checkpoint nor park an event; it stops the segment at once.
 *
 * <p><b>Failures.</b> A failing handler is retried with exponential backoff; after the last
 * attempt the event is parked and the segment goes on. Parked events can be listed, replayed and
 * skipped. Every failure is logged and shows in the status; none ends a subscription silently.
 *
 * <p><b>Threads.</b> Handlers are called on non-blocking threads (the store's delivery threads):
 * never block in them. Public methods never block.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.durable;

import org.jspecify.annotations.NullMarked;
