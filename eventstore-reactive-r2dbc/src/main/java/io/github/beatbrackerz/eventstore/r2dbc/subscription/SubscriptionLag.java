package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.Position;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How far live delivery trails the store, measured at one moment, and why.
 *
 * <p>Events become deliverable only once every transaction that started before them has ended
 * (the commit-safe watermark). A transaction left open anywhere in the PostgreSQL cluster, in any
 * database, holds every later event back: {@code heldBackEvents} grows, {@code
 * oldestTransactionAge} tells how long it has been open and {@code holders} names it, including
 * prepared (two-phase) transactions, which hold the watermark without showing in {@code
 * pg_stat_activity}. A {@code readerStall} says that the engine's own reads are failing.
 *
 * @param deliveredPosition every event up to it has been handed to every subscriber's buffer (where the shared reader
 *     stands once the delivery threads have caught up)
 * @param undeliveredEvents events already deliverable but not yet handed to the subscribers (not read yet, or on
 *     their way through the delivery threads)
 * @param heldBackEvents committed events waiting behind a transaction that is still open
 * @param oldestTransactionAge age of the oldest open transaction that has written, or prepared transaction
 *     (zero if none, or if the database role may not see other sessions in {@code pg_stat_activity})
 * @param holders the open transactions that hold the watermark, oldest first (at most ten)
 * @param readerStall why the shared reader is not reading, or {@code null} while its reads succeed
 */
public record SubscriptionLag(
        Position deliveredPosition,
        long undeliveredEvents,
        long heldBackEvents,
        Duration oldestTransactionAge,
        List<WatermarkHolder> holders,
        @Nullable ReaderStall readerStall) {

    /**
     * Validates the parts and copies the list.
     *
     * @param deliveredPosition every event up to it has been handed to every subscriber's buffer (where the shared reader
     *     stands once the delivery threads have caught up)
     * @param undeliveredEvents events already deliverable but not yet handed to the subscribers (not read yet, or on
     *     their way through the delivery threads)
     * @param heldBackEvents committed events waiting behind a transaction that is still open
     * @param oldestTransactionAge age of the oldest open transaction that has written, or prepared transaction
     *     (zero if none, or if the database role may not see other sessions in {@code pg_stat_activity})
     * @param holders the open transactions that hold the watermark, oldest first (at most ten)
     * @param readerStall why the shared reader is not reading, or {@code null} while its reads succeed
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException if a part is null or negative
     */
    public SubscriptionLag {
        Require.notNull("deliveredPosition", deliveredPosition);
        Require.notNegative("undeliveredEvents", undeliveredEvents);
        Require.notNegative("heldBackEvents", heldBackEvents);
        Require.notNull("oldestTransactionAge", oldestTransactionAge);
        holders = List.copyOf(Require.notNull("holders", holders));
    }
}
