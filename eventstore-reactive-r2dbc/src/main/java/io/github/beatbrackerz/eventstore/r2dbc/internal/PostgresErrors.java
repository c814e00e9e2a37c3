package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one place where driver errors become the API's typed errors: SQLSTATE 23505 on the event id
 * or the stream sequence, lost connections, timeouts and server errors.
 */
public final class PostgresErrors {

    /** SQLSTATE of a lock not obtained within {@code lock_timeout}. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** SQLSTATE of a unique violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    private static final String EVENT_ID_CONSTRAINT = "events_pkey";
    static final String STREAM_SEQUENCE_CONSTRAINT = "events_stream_sequence_key";
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "55P03", "57014", "57P01", "57P02", "57P03");

    private PostgresErrors() {
    }

    /**
     * Translates any failure of a database call. {@link EventStoreException}s pass through.
     *
     * @param error the failure
     * @return the typed failure, keeping the cause
     */
    public static Throwable translate(Throwable error) {
        if (error instanceof EventStoreException) {
            return error;
        }
        if (isUniqueViolation(error, STREAM_SEQUENCE_CONSTRAINT)) {
            return new StorageException("another writer stored this sequence number without reserving it in aggregate_sequences"
                    + " (run validateEventStream: the counter is behind); retry", error, true);
        }
        if (error instanceof R2dbcException r2dbc) {
            String state = r2dbc.getSqlState();
            boolean retryable = error instanceof R2dbcTransientException
                    || error instanceof R2dbcNonTransientResourceException
                    || (state != null && (state.startsWith("08") || state.startsWith("53") || RETRYABLE_STATES.contains(state)));
            return new StorageException("PostgreSQL failed (SQLSTATE " + state + "): " + r2dbc.getMessage(), error, retryable);
        }
        if (error instanceof TimeoutException || error instanceof IOException || isNetty(error)) {
            return new StorageException("PostgreSQL is unreachable: " + error, error, true);
        }
        return new StorageException("PostgreSQL call failed: " + error, error, false);
    }

    /**
     * @param error a failure of an append statement, raw or translated by {@link #translate}
     * @return {@code true} when an event id of the request is already stored
     */
    public static boolean isDuplicateEventId(Throwable error) {
        return violates(error, EVENT_ID_CONSTRAINT);
    }

    /**
     * @param error a failure, raw or translated by {@link #translate}
     * @return {@code true} when a statement gave up waiting for a lock ({@code lock_timeout}, SQLSTATE 55P03)
     */
    public static boolean isLockNotAvailable(Throwable error) {
        Throwable cause = error.getCause();
        return hasState(error, LOCK_NOT_AVAILABLE) || (cause != null && hasState(cause, LOCK_NOT_AVAILABLE));
    }

    /**
     * @param error a failure, raw or translated by {@link #translate}
     * @param constraint the name of a unique constraint or index
     * @return {@code true} when the failure is a unique violation of that constraint
     */
    public static boolean violates(Throwable error, String constraint) {
        Throwable cause = error.getCause();
        return isUniqueViolation(error, constraint) || (cause != null && isUniqueViolation(cause, constraint));
    }

    /**
     * The error for an expected version that did not match.
     *
     * @param stream the stream
     * @param expected the expected version
     * @param actual the stream's counter
     * @return the conflict
     */
    public static ConcurrencyConflictException conflict(StreamId stream, long expected, long actual) {
        return new ConcurrencyConflictException(stream, expected, actual);
    }

    private static boolean hasState(Throwable error, String state) {
        return error instanceof R2dbcException r2dbc && state.equals(r2dbc.getSqlState());
    }

    private static boolean isUniqueViolation(Throwable error, String constraint) {
        if (!hasState(error, UNIQUE_VIOLATION)) {
            return false;
        }
        @Nullable String name = error instanceof PostgresqlException pg ? pg.getErrorDetails().getConstraintName().orElse(null) : null;
        return constraint.equals(name);
    }

    private static boolean isNetty(Throwable error) {
        return error.getClass().getName().startsWith("io.netty.");
    }
}
