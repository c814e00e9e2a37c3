package io.github.beatbrackerz.eventstore.error;

import io.github.beatbrackerz.eventstore.model.Position;

/**
 * A live subscriber fell further behind than its buffer allows and was disconnected so that it
 * neither stalls other subscribers nor grows memory without bound. Resume it with
 * {@code subscribeFrom(lastSeenPosition(), filter)}: nothing is lost.
 */
public class SubscriberOverflowException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** The position of the last event delivered to the subscriber, where to resume. */
    private final Position lastSeenPosition;

    /**
     * Creates an overflow failure.
     *
     * @param bufferSize the buffer limit that was exceeded
     * @param lastSeenPosition the position of the last event delivered to the subscriber
     */
    public SubscriberOverflowException(int bufferSize, Position lastSeenPosition) {
        super("subscriber fell more than " + bufferSize + " events behind; resume from " + lastSeenPosition);
        this.lastSeenPosition = lastSeenPosition;
    }

    /** @return where to resume with {@code subscribeFrom} */
    public Position lastSeenPosition() {
        return lastSeenPosition;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
