package io.github.beatbrackerz.eventstore.error;

/**
 * A write fenced by a lease was refused because the lease is no longer held: it expired, was
 * released, was taken over by another owner, or the subscription was reset or deleted. The caller
 * rolls its transaction back and stops processing the segment; it may claim again.
 */
public final class LeaseLostException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** The subscription name. */
    private final String subscription;
    /** The segment whose lease was lost. */
    private final int segment;
    /** The fencing token of the lost lease. */
    private final long token;

    /**
     * @param subscription the subscription name
     * @param segment the segment
     * @param owner the owner whose lease was lost
     * @param token the token of the lost lease
     */
    public LeaseLostException(String subscription, int segment, String owner, long token) {
        super("lease of subscription '" + subscription + "' segment " + segment + " (owner '" + owner + "', token " + token
                + ") is no longer held");
        this.subscription = subscription;
        this.segment = segment;
        this.token = token;
    }

    /** @return the subscription name */
    public String subscription() {
        return subscription;
    }

    /** @return the segment */
    public int segment() {
        return segment;
    }

    /** @return the token of the lost lease */
    public long token() {
        return token;
    }
}
