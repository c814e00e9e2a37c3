package io.github.beatbrackerz.eventstore.error;

/**
 * A subscription was registered with a segment count other than the stored one. Changing the
 * count moves streams between segments, so it needs an explicit reset to a position first.
 */
public final class SegmentCountMismatchException extends ValidationException {

    private static final long serialVersionUID = 1L;

    /** The subscription name. */
    private final String subscription;
    /** The segment count asked for. */
    private final int requested;
    /** The segment count stored. */
    private final int stored;

    /**
     * @param subscription the subscription name
     * @param requested the segment count asked for
     * @param stored the segment count stored
     */
    public SegmentCountMismatchException(String subscription, int requested, int stored) {
        super("segmentCount", "is " + requested + " but subscription '" + subscription + "' has " + stored
                + " segments; reset it to a position to change the count");
        this.subscription = subscription;
        this.requested = requested;
        this.stored = stored;
    }

    /** @return the subscription name */
    public String subscription() {
        return subscription;
    }

    /** @return the segment count asked for */
    public int requested() {
        return requested;
    }

    /** @return the segment count stored */
    public int stored() {
        return stored;
    }
}
