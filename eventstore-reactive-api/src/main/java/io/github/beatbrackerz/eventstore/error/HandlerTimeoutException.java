package io.github.beatbrackerz.eventstore.error;

import java.time.Duration;

/**
 * A durable subscription's handler did not complete within the subscription's handler timeout.
 * Its {@code Mono} was cancelled (a transactional handler's transaction is rolled back) and the
 * call counts as one failed attempt: it is retried with backoff, and parked after the last attempt
 * like any other failure. Not retryable in the sense of {@link #isRetryable()}: it says nothing
 * about the storage.
 */
public final class HandlerTimeoutException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** The name of the subscription whose handler timed out. */
    private final String subscription;
    /** The handler timeout that elapsed. */
    private final Duration timeout;

    /**
     * @param subscription the subscription name
     * @param events how many events the timed-out call was given
     * @param timeout the handler timeout that elapsed
     */
    public HandlerTimeoutException(String subscription, int events, Duration timeout) {
        super("the handler of durable subscription '" + subscription + "' did not complete within " + timeout + " ("
                + (events == 1 ? "1 event" : events + " events") + ")");
        this.subscription = subscription;
        this.timeout = timeout;
    }

    /** @return the subscription name */
    public String subscription() {
        return subscription;
    }

    /** @return the handler timeout that elapsed */
    public Duration timeout() {
        return timeout;
    }
}
