package io.github.beatbrackerz.eventstore.error;

/**
 * An argument was rejected before any I/O happened: null or blank ids, oversized or non-JSON
 * payloads, bad limits, unknown options.
 *
 * <p>Thrown at call time (fail fast) for arguments; delivered through {@code onError} only when
 * the check needs stored data. Nothing is written when it is raised.
 */
public class ValidationException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** The name of the rejected field, as the caller knows it. */
    private final String field;

    /**
     * Creates a validation failure for one field.
     *
     * @param field the name of the rejected field, as the caller knows it (for example {@code aggregateId})
     * @param reason what is wrong with it, completing the sentence "{@code field} ..."
     */
    public ValidationException(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
    }

    /**
     * The rejected field.
     *
     * @return the field name, never blank
     */
    public String field() {
        return field;
    }
}
