package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.error.ValidationException;

/**
 * The optimistic-concurrency condition of an append: the stream's version (its last sequence
 * number) that the caller based its decision on.
 *
 * @param value the expected last sequence number, {@code 0} for a stream that must not exist yet,
 *     or {@code -1} for no check
 */
public record ExpectedVersion(long value) {

    private static final ExpectedVersion ANY = new ExpectedVersion(-1);
    private static final ExpectedVersion NO_STREAM = new ExpectedVersion(0);

    /**
     * Validates the value.
     *
     * @param value the expected last sequence number, {@code 0} for a stream that must not exist yet,
     *     or {@code -1} for no check
     * @throws ValidationException (field {@code expectedVersion}) if below -1
     */
    public ExpectedVersion {
        if (value < -1) {
            throw new ValidationException("expectedVersion", "must be -1 (any), 0 (no stream) or a version, was " + value);
        }
    }

    /** @return no concurrency check: the append goes after whatever is there */
    public static ExpectedVersion any() {
        return ANY;
    }

    /** @return the stream must have no event yet */
    public static ExpectedVersion noStream() {
        return NO_STREAM;
    }

    /**
     * The stream's last sequence number must be exactly this.
     *
     * @param version the expected last sequence number, 0 for a new stream
     * @return the condition
     */
    public static ExpectedVersion exactly(long version) {
        if (version < 0) {
            throw new ValidationException("expectedVersion", "must not be negative, was " + version);
        }
        return version == 0 ? NO_STREAM : new ExpectedVersion(version);
    }

    /** @return {@code true} when no check is made */
    public boolean isAny() {
        return value == -1;
    }
}
