/**
 * Internal: the runner shared by every implementation of durable subscriptions (the coordination
 * loop per subscription, the pipeline per segment, retries and parking). Unsupported: these types
 * may change in any release without notice; use {@link
 * io.github.beatbrackerz.eventstore.durable.DurableSubscriptions}.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.durable.internal;

import org.jspecify.annotations.NullMarked;
