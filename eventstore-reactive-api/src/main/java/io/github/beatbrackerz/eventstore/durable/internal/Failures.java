package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.error.HandlerTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** The runner's internal failure signals, and how a failure is described in the status and dead letters. */
final class Failures {

    private static final int MAX_CAUSES = 3;

    private Failures() {
    }

    /**
     * Bounds one handler call by the subscription's handler timeout: a call still running then is
     * cancelled and errors with {@link HandlerTimeoutException}, which counts as a failed attempt.
     */
    static <T> Mono<T> withinHandlerTimeout(DurableSubscriptionSpec spec, int events, Mono<T> call) {
        return call.timeout(spec.handlerTimeout(), Mono.error(() -> new HandlerTimeoutException(spec.name(), events, spec.handlerTimeout())));
    }

    /** @return the failure and up to three causes, as {@code Type: message} joined by {@code <- } */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable current = failure instanceof RetriesExhausted exhausted ? exhausted.getCause() : failure;
        for (int depth = 0; current != null && depth <= MAX_CAUSES; depth++, current = current.getCause()) {
            if (depth > 0) {
                text.append(" <- ");
            }
            text.append(current.getClass().getName());
            if (current.getMessage() != null) {
                text.append(": ").append(current.getMessage());
            }
        }
        return text.toString();
    }

    /** The handler failed on every attempt; the cause is its last failure. */
    static final class RetriesExhausted extends EventStoreException {
        private static final long serialVersionUID = 1L;
        private final long attempts;

        RetriesExhausted(Throwable last, long attempts) {
            super("the handler failed " + attempts + " times: " + last, last);
            this.attempts = attempts;
        }

        long attempts() {
            return attempts;
        }
    }

    /** The segment stops fetching (pause, hand-over, stop) while a retry waited for its backoff. */
    static final class Abandoned extends EventStoreException {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("retry abandoned: the segment stops", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** The feed completed although nobody asked the segment to stop (the store was closed). */
    static final class FeedEnded extends EventStoreException {
        private static final long serialVersionUID = 1L;

        FeedEnded(@Nullable String subscription, int segment) {
            super("the event feed of subscription '" + subscription + "' segment " + segment
                    + " completed unexpectedly (was the store closed?)", null);
        }
    }
}
