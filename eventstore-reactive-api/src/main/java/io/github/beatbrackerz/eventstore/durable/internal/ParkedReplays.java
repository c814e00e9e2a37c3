package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.EventReader;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetterStore;
import io.github.beatbrackerz.eventstore.durable.spi.ReplayClaim;
import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Replays a parked event: takes it under a hold, loads the event, applies it with the
 * subscription's retries, and completes the hold (the event is no longer parked) or records the
 * failure (it stays parked with one more attempt). Never touches a checkpoint.
 */
final class ParkedReplays {

    private static final Logger LOG = Loggers.getLogger(ParkedReplays.class);
    private static final Duration MAX_HOLD = Duration.ofDays(1);

    private final EventReader events;
    private final DeadLetterStore deadLetters;

    ParkedReplays(EventReader events, DeadLetterStore deadLetters) {
        this.events = events;
        this.deadLetters = deadLetters;
    }

    Mono<Boolean> replay(DurableSubscriptionSpec spec, Delivery delivery, long id) {
        return deadLetters.takeForReplay(spec.name(), id, hold(spec))
                .flatMap(claim -> replay(spec, delivery, claim))
                .defaultIfEmpty(false);
    }

    private Mono<Boolean> replay(DurableSubscriptionSpec spec, Delivery delivery, ReplayClaim claim) {
        long id = claim.parked().id();
        return events.getEvent(claim.parked().eventId())
                .switchIfEmpty(Mono.error(() -> new EventStoreException("parked event " + id + " (" + claim.parked().eventId()
                        + ") is no longer stored", null)))
                .flatMap(event -> Failures.withinHandlerTimeout(spec, 1, Mono.defer(() -> delivery.replay(event, claim, deadLetters)))
                        .retryWhen(HandlerRetry.of(spec, Mono.never(), (failures, failure) -> LOG.warn(
                                "durable subscription '{}': replay of parked event {} failed ({} counted of {}): {}", spec.name(), id,
                                failures, spec.maxAttempts(), Failures.describe(failure)))))
                .doOnSuccess(done -> LOG.info("durable subscription '{}': parked event {} replayed", spec.name(), id))
                .thenReturn(true)
                .onErrorResume(error -> !(error instanceof LeaseLostException), error -> deadLetters
                        .replayFailed(claim, Failures.describe(error))
                        .then(Mono.error(lastFailure(error))));
    }

    private static Throwable lastFailure(Throwable error) {
        Throwable cause = error.getCause();
        return error instanceof Failures.RetriesExhausted && cause != null ? cause : error;
    }

    /** Long enough for every attempt and backoff, at most a day. */
    private static Duration hold(DurableSubscriptionSpec spec) {
        Duration hold = spec.leaseTime().plus(spec.maxBackoff().multipliedBy(spec.maxAttempts()));
        return hold.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : hold;
    }
}
