package io.github.beatbrackerz.eventstore.error;

import org.jspecify.annotations.Nullable;

/**
 * The unchecked root of every failure the event store reports.
 *
 * <p>Failures that depend on data or I/O arrive through {@code onError} of the returned
 * {@code Mono}/{@code Flux}; invalid arguments are thrown at call time as
 * {@link ValidationException}. The original cause, if any, is kept.
 */
public class EventStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and an optional cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure, or {@code null}
     */
    public EventStoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception with a message and no cause.
     *
     * @param message what went wrong
     */
    public EventStoreException(String message) {
        super(message);
    }

    /**
     * Tells whether retrying the same operation may succeed.
     *
     * @return {@code true} for transient conditions such as conflicts or lost connections
     */
    public boolean isRetryable() {
        return false;
    }
}
