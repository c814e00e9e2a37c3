package io.github.beatbrackerz.eventstore.model;

import java.util.List;

/**
 * The outcome of {@code validateEventStream}.
 *
 * @param stream the stream checked
 * @param valid {@code true} when no issue was found
 * @param issues the issues, in sequence order
 */
public record ValidationResult(StreamId stream, boolean valid, List<ValidationIssue> issues) {

    /**
     * Copies the list and checks that {@code valid} agrees with it.
     *
     * @param stream the stream checked
     * @param valid {@code true} when no issue was found
     * @param issues the issues, in sequence order
     */
    public ValidationResult {
        issues = List.copyOf(issues);
        if (valid != issues.isEmpty()) {
            throw new IllegalArgumentException("valid must be true exactly when issues is empty");
        }
    }

    /**
     * @param stream the stream checked
     * @param issues the issues found
     * @return a result that is valid when {@code issues} is empty
     */
    public static ValidationResult of(StreamId stream, List<ValidationIssue> issues) {
        return new ValidationResult(stream, issues.isEmpty(), issues);
    }
}
