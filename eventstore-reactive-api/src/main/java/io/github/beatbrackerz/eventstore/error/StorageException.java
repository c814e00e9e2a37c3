package io.github.beatbrackerz.eventstore.error;

import org.jspecify.annotations.Nullable;

/**
 * The storage could not complete an operation: lost connection, timeout, server error.
 * Adapters translate their driver's errors into this type in one place, keeping the cause.
 */
public class StorageException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** Whether the same call may succeed when retried. */
    private final boolean retryable;

    /**
     * Creates a storage failure.
     *
     * @param message what failed
     * @param cause the driver's error
     * @param retryable whether the same call may succeed when retried
     */
    public StorageException(String message, @Nullable Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
