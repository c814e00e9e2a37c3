/**
 * Real-time delivery from PostgreSQL: a LISTEN/NOTIFY-woken, polling-backed subscription engine
 * that reads in commit-safe order. Start at {@link
 * io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions#create}.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import org.jspecify.annotations.NullMarked;
