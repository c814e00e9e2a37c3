package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.model.Position;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One segment this instance holds a lease on: the lease, the positions handled and stored, and
 * the signals that drive its pipeline (paused, ending gracefully, lost). Signals may come from
 * any thread; each sink is emitted with a short busy loop, so concurrent emissions never fail.
 */
final class SegmentSlot {

    private static final Sinks.EmitFailureHandler RETRY = Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1));

    private final Sinks.Many<Boolean> paused = Sinks.many().replay().latest();
    private final Sinks.Many<Boolean> active = Sinks.many().replay().latest();
    private final Sinks.One<Boolean> ending = Sinks.one();
    private final Sinks.One<String> lost = Sinks.one();
    private volatile Lease lease;
    private volatile long validUntil;
    private volatile Position handled;
    private volatile Position stored;
    private volatile boolean releaseAtEnd;
    private volatile boolean isPaused;
    private volatile @Nullable String lastError;

    /**
     * @param lease the claimed lease
     * @param validUntil the local deadline (nanoTime) before which the lease surely holds
     */
    SegmentSlot(Lease lease, long validUntil) {
        this.lease = lease;
        this.validUntil = validUntil;
        this.handled = lease.checkpoint();
        this.stored = lease.checkpoint();
        this.isPaused = lease.paused();
        paused.emitNext(lease.paused(), RETRY);
        active.emitNext(false, RETRY);
    }

    Lease lease() {
        return lease;
    }

    int segment() {
        return lease.segment();
    }

    /** A renewal kept the lease: refresh it, move the local deadline and apply the paused flag. */
    void renewed(Lease renewed, long deadline) {
        lease = renewed;
        validUntil = deadline;
        isPaused = renewed.paused();
        paused.emitNext(renewed.paused(), RETRY);
    }

    boolean overdue(long now) {
        return now - validUntil > 0;
    }

    /** Asks the segment to stop gracefully; {@code release} hands the lease back afterwards. */
    void end(boolean release) {
        releaseAtEnd |= release;
        emit(ending, release);
    }

    /** Stops the segment at once: the lease is no longer (surely) held. */
    void lose(String reason) {
        emit(lost, reason);
    }

    boolean releaseAtEnd() {
        return releaseAtEnd;
    }

    /** @return emits once the segment must stop fetching: paused, or asked to end */
    Mono<Boolean> stopFetching() {
        return Mono.firstWithValue(paused.asFlux().filter(Boolean::booleanValue).next(), ending.asMono());
    }

    /** @return the paused flag, now and on every change, until the segment is asked to end */
    Flux<Boolean> pausedStates() {
        return paused.asFlux().distinctUntilChanged().takeUntilOther(ending.asMono());
    }

    Mono<Boolean> ending() {
        return ending.asMono();
    }

    Mono<String> lost() {
        return lost.asMono();
    }

    /** Marks whether a pipeline runs. */
    void active(boolean running) {
        active.emitNext(running, RETRY);
    }

    /** @return completes once no pipeline runs while the segment is paused (at once when not paused) */
    Mono<Void> settled() {
        return active.asFlux().filter(running -> !running || !isPaused).next().then();
    }

    /** @return the last position handled: a new pipeline resumes after it */
    Position handled() {
        return handled;
    }

    /** Records that the events up to {@code position} are handled. */
    Position handledUpTo(Position position) {
        if (position.isAfter(handled)) {
            handled = position;
        }
        return position;
    }

    /** @return the last position known to be stored as the checkpoint */
    Position stored() {
        return stored;
    }

    /** Records a stored checkpoint (it never moves backwards within a lease). */
    Position storedUpTo(Position position) {
        if (position.isAfter(stored)) {
            stored = position;
        }
        return handledUpTo(position);
    }

    void failed(Throwable failure) {
        lastError = Failures.describe(failure);
    }

    @Nullable String lastError() {
        return lastError;
    }

    /** Emits a one-shot signal; a later emission is ignored, a concurrent one waits for its turn. */
    private static <T> void emit(Sinks.One<T> sink, T value) {
        while (sink.tryEmitValue(value) == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
            Thread.onSpinWait();
        }
    }
}
