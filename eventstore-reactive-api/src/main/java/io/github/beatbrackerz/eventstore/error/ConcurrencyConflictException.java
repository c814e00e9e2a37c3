package io.github.beatbrackerz.eventstore.error;

import io.github.beatbrackerz.eventstore.model.StreamId;

/**
 * An append carried an expected version that did not match the stream's current version.
 * Nothing was written. Reload the aggregate and retry: {@link #isRetryable()} is {@code true}.
 */
public class ConcurrencyConflictException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** The aggregate stream appended to. */
    private final StreamId stream;
    /** The version the caller expected (0 for a new stream). */
    private final long expectedVersion;
    /** The stream's version when the append was attempted. */
    private final long actualVersion;

    /**
     * Creates a conflict.
     *
     * @param stream the aggregate stream appended to
     * @param expectedVersion the version the caller expected (0 for a new stream)
     * @param actualVersion the stream's version when the append was attempted
     */
    public ConcurrencyConflictException(StreamId stream, long expectedVersion, long actualVersion) {
        super("stream " + stream + " is at version " + actualVersion + ", expected " + expectedVersion);
        this.stream = stream;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** @return the aggregate stream appended to */
    public StreamId stream() {
        return stream;
    }

    /** @return the version the caller expected */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** @return the version found in storage */
    public long actualVersion() {
        return actualVersion;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
