package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * Where an event stands in the store's global, commit-safe order. Treat it as opaque: store it
 * with {@link #serialize()}, restore it with {@link #parse(String)}, compare it, and hand it to
 * {@code subscribeFrom}.
 *
 * <p>Positions order first by the writing transaction and then by the global position, which is
 * the order in which a reader can see events without ever missing one that commits late.
 *
 * <p>A position holds whatever storage holds: the global position may be negative (another
 * program inserted the row with an explicit one), and a PostgreSQL transaction id at or above
 * 2<sup>63</sup>, which only an explicit insert can store in the unsigned {@code xid8} column,
 * reads as {@link Long#MAX_VALUE}.
 *
 * @param transactionId the writing transaction's id (adapter-defined; 0 where unused), not negative
 * @param globalPosition the event's global position
 */
public record Position(long transactionId, long globalPosition) implements Comparable<Position> {

    /**
     * Before every event: {@code subscribeFrom(BEGINNING, …)} delivers the whole history. (PostgreSQL
     * gives transaction ids from 3 on, so only a row inserted with an explicit transaction id of 0 and
     * a global position of 0 or less could come before it.)
     */
    public static final Position BEGINNING = new Position(0, 0);

    private static final Comparator<Position> ORDER =
            Comparator.comparingLong(Position::transactionId).thenComparingLong(Position::globalPosition);

    /**
     * Validates the transaction id.
     *
     * @param transactionId the writing transaction's id (adapter-defined; 0 where unused), not negative
     * @param globalPosition the event's global position
     * @throws ValidationException if the transaction id is negative
     */
    public Position {
        if (transactionId < 0) {
            throw new ValidationException("position", "transaction id must not be negative");
        }
    }

    /**
     * Creates a position.
     *
     * @param transactionId the writing transaction's id
     * @param globalPosition the global position
     * @return the position
     */
    public static Position of(long transactionId, long globalPosition) {
        return new Position(transactionId, globalPosition);
    }

    /**
     * Restores a position from {@link #serialize()}.
     *
     * @param text the serialized form
     * @return the position
     * @throws ValidationException (field {@code position}) if the text is not a serialized position
     */
    public static Position parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("position", "must not be blank");
        }
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw new ValidationException("position", "is not a serialized position: " + abbreviate(text));
        }
        try {
            return new Position(Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new ValidationException("position", "is not a serialized position: " + abbreviate(text));
        }
    }

    /**
     * The string form, stable across versions and safe in URLs and SSE {@code id:} fields.
     *
     * @return {@code transactionId-globalPosition}, for example {@code 812-40}, or {@code 812--7} for
     *     a negative global position
     */
    public String serialize() {
        return transactionId + "-" + globalPosition;
    }

    @Override
    public int compareTo(Position other) {
        return ORDER.compare(this, other);
    }

    /**
     * Tells whether this position comes after another.
     *
     * @param other the position to compare with
     * @return {@code true} if this is strictly later
     */
    public boolean isAfter(Position other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return serialize();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
