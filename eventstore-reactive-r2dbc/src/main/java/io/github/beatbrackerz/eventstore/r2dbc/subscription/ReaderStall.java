package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.internal.Require;
import java.time.Instant;

/**
 * The shared reader cannot read: its queries have failed or timed out since {@code since}. It
 * retries on every poll tick and notification; delivery resumes where it stopped, losing nothing.
 *
 * @param since when the first of the failed reads began failing
 * @param failures how many reads failed in a row
 * @param lastError the last failure, as text
 */
public record ReaderStall(Instant since, int failures, String lastError) {

    /**
     * Validates the parts.
     *
     * @param since when the first of the failed reads began failing
     * @param failures how many reads failed in a row
     * @param lastError the last failure, as text
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException if a part is null or {@code failures} is not positive
     */
    public ReaderStall {
        Require.notNull("since", since);
        Require.positive("failures", failures);
        Require.notNull("lastError", lastError);
    }

    /**
     * @param error the next failure
     * @return this stall with one more failure
     */
    ReaderStall andThen(Throwable error) {
        return new ReaderStall(since, failures + 1, error.toString());
    }
}
