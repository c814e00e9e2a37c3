package io.github.beatbrackerz.eventstore.model;

/**
 * One problem found in an aggregate stream.
 *
 * @param kind what kind of problem
 * @param sequenceNumber the sequence number where it was found
 * @param message a sentence for people
 */
public record ValidationIssue(Kind kind, long sequenceNumber, String message) {

    /** The kinds of problem {@code validateEventStream} reports. */
    public enum Kind {
        /** The first event's sequence number is not 1. */
        INVALID_START,
        /** One or more sequence numbers are missing. */
        GAP,
        /** A sequence number occurs more than once. */
        DUPLICATE,
        /** The reserved-sequence counter is below the highest stored sequence number. */
        COUNTER_BEHIND
    }

    @Override
    public String toString() {
        return message;
    }
}
