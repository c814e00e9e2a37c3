package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.Position;
import java.time.Duration;

/**
 * How far live delivery trails the store, measured at one moment.
 *
 * <p>Events become deliverable only once every transaction that started before them has ended
 * (the commit-safe watermark). A transaction left open anywhere in the PostgreSQL cluster, in any
 * database, holds every later event back: {@code heldBackEvents} grows and {@code
 * oldestTransactionAge} tells how long it has been open.
 *
 * @param deliveredPosition where the shared reader stands: every event up to it has been handed to subscribers
 * @param undeliveredEvents events already deliverable but not yet read by the shared reader
 * @param heldBackEvents committed events waiting behind a transaction that is still open
 * @param oldestTransactionAge age of the oldest open transaction that has written (zero if none, or if
 *     the database role may not see other sessions in {@code pg_stat_activity})
 */
public record SubscriptionLag(Position deliveredPosition, long undeliveredEvents, long heldBackEvents, Duration oldestTransactionAge) {

    /**
     * Validates the parts.
     *
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException if a part is null or negative
     */
    public SubscriptionLag {
        Require.notNull("deliveredPosition", deliveredPosition);
        Require.notNegative("undeliveredEvents", undeliveredEvents);
        Require.notNegative("heldBackEvents", heldBackEvents);
        Require.notNull("oldestTransactionAge", oldestTransactionAge);
    }
}
