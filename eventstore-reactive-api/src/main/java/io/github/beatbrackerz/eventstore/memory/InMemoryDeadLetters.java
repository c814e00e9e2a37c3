package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetter;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetterStore;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.ReplayClaim;
import io.github.beatbrackerz.eventstore.internal.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The parked events of {@link InMemoryDurableStore}, under its monitor: parking is fenced by the
 * store's leases, a replay holds an event under a token of its own until its hold expires.
 */
final class InMemoryDeadLetters implements DeadLetterStore {

    private final Object lock;
    private final Clock clock;
    private final LongSupplier nextToken;
    private final BiPredicate<Lease, Instant> held;
    private final TreeMap<Long, ParkedEvent> parked = new TreeMap<>();
    private final Map<Long, Long> replayTokens = new TreeMap<>();
    private long ids;

    /**
     * @param lock the store's monitor, held by every operation
     * @param clock the store's clock
     * @param nextToken the store's token sequence, called under the monitor
     * @param held whether a lease is held at an instant, called under the monitor
     */
    InMemoryDeadLetters(Object lock, Clock clock, LongSupplier nextToken, BiPredicate<Lease, Instant> held) {
        this.lock = lock;
        this.clock = clock;
        this.nextToken = nextToken;
        this.held = held;
    }

    @Override
    public Mono<Boolean> park(Lease lease, DeadLetter letter) {
        Require.notNull("letter", letter);
        return Locked.mono(lock, () -> {
            if (!held.test(lease, clock.instant())) {
                return false;
            }
            ParkedEvent existing = parked.values().stream()
                    .filter(event -> event.subscription().equals(lease.subscription()) && event.eventId().equals(letter.eventId()))
                    .findFirst().orElse(null);
            long id = existing != null ? existing.id() : ++ids;
            parked.put(id, new ParkedEvent(id, lease.subscription(), lease.segment(), letter.position(), letter.eventId(),
                    letter.error(), letter.attempts(), clock.instant(), null));
            replayTokens.remove(id);
            return true;
        });
    }

    @Override
    public Flux<ParkedEvent> list(String subscription) {
        return Locked.flux(lock, () -> parked.values().stream().filter(event -> event.subscription().equals(subscription)).toList());
    }

    @Override
    public Mono<Boolean> skip(String subscription, long id) {
        return Locked.mono(lock, () -> {
            ParkedEvent event = parked.get(id);
            if (event == null || !event.subscription().equals(subscription)) {
                return false;
            }
            forget(id);
            return true;
        });
    }

    @Override
    public Mono<ReplayClaim> takeForReplay(String subscription, long id, Duration holdTime) {
        return Locked.mono(lock, () -> {
            ParkedEvent event = parked.get(id);
            Instant now = clock.instant();
            if (event == null || !event.subscription().equals(subscription)
                    || (event.replayUntil() != null && event.replayUntil().isAfter(now))) {
                return null;
            }
            long token = nextToken.getAsLong();
            ParkedEvent taken = withHold(event, now.plus(holdTime), event.error(), event.attempts());
            parked.put(id, taken);
            replayTokens.put(id, token);
            return new ReplayClaim(taken, token, now.plus(holdTime));
        });
    }

    @Override
    public Mono<Boolean> replayed(ReplayClaim claim) {
        return Locked.mono(lock, () -> {
            ParkedEvent event = heldBy(claim);
            if (event == null || event.replayUntil() == null || !event.replayUntil().isAfter(clock.instant())) {
                return false;
            }
            forget(event.id());
            return true;
        });
    }

    @Override
    public Mono<Boolean> replayFailed(ReplayClaim claim, String error) {
        String text = DeadLetter.cut(Require.notNull("error", error));
        return Locked.mono(lock, () -> {
            ParkedEvent event = heldBy(claim);
            if (event == null) {
                return false;
            }
            parked.put(event.id(), withHold(event, null, text, event.attempts() + 1));
            replayTokens.remove(event.id());
            return true;
        });
    }

    /** @return how many events of a segment are parked; the caller holds the monitor */
    long count(String subscription, int segment) {
        return parked.values().stream().filter(event -> event.subscription().equals(subscription) && event.segment() == segment).count();
    }

    /** Forgets a subscription's parked events; the caller holds the monitor. */
    void discard(String subscription) {
        parked.values().removeIf(event -> event.subscription().equals(subscription));
        replayTokens.keySet().retainAll(parked.keySet());
    }

    private @Nullable ParkedEvent heldBy(ReplayClaim claim) {
        long id = claim.parked().id();
        ParkedEvent event = parked.get(id);
        return event != null && Long.valueOf(claim.token()).equals(replayTokens.get(id)) ? event : null;
    }

    private void forget(long id) {
        parked.remove(id);
        replayTokens.remove(id);
    }

    private static ParkedEvent withHold(ParkedEvent event, @Nullable Instant until, String error, int attempts) {
        return new ParkedEvent(event.id(), event.subscription(), event.segment(), event.position(), event.eventId(), error, attempts,
                event.parkedAt(), until);
    }
}
