package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.internal.Require;

/**
 * What a live subscription emits: one {@link Ready} first, once the subscription is established,
 * then every matching {@link RecordedEvent} (which is itself a signal, so events are delivered
 * without a wrapper).
 *
 * <p>Consume it with {@code instanceof}: {@code signal instanceof RecordedEvent event}, or
 * {@code flux.ofType(RecordedEvent.class)} for the events alone.
 */
public sealed interface SubscriptionSignal permits RecordedEvent, SubscriptionSignal.Ready {

    /**
     * The subscription is established: it delivers every matching event positioned after {@code
     * startsAfter}, which includes every event that commits from now on.
     *
     * <p>Append after this signal (in a test, for example) and the event is delivered. Store
     * {@code startsAfter} if the consumer may later need to resume with {@code subscribeFrom}
     * from where this subscription began.
     *
     * @param startsAfter the exclusive position the subscription starts after
     */
    record Ready(Position startsAfter) implements SubscriptionSignal {

        /**
         * Validates the position.
         *
         * @param startsAfter the exclusive position the subscription starts after
         * @throws io.github.beatbrackerz.eventstore.error.ValidationException if it is null
         */
        public Ready {
            Require.notNull("startsAfter", startsAfter);
        }
    }
}
