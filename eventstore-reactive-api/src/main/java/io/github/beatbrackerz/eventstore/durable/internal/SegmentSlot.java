package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.model.Position;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    private final Sinks.Many<Long> deadlines = Sinks.many().replay().latest();
    private final Sinks.One<Boolean> ending = Sinks.one();
    private final Sinks.One<String> lost = Sinks.one();
    private volatile Lease lease;
    private volatile long deadline;
    private final AtomicReference<Position> handled;
    private final AtomicReference<Position> stored;
    private final AtomicBoolean endAsked = new AtomicBoolean();
    private volatile boolean releaseAtEnd;
    private volatile boolean isPaused;
    private volatile @Nullable String lastError;

    /**
     * @param lease the claimed lease
     * @param deadline the local deadline ({@code System.nanoTime()}) before which the lease surely holds
     */
    SegmentSlot(Lease lease, long deadline) {
        this.lease = lease;
        this.deadline = deadline;
        deadlines.emitNext(deadline, RETRY);
        this.handled = new AtomicReference<>(lease.checkpoint());
        this.stored = new AtomicReference<>(lease.checkpoint());
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
        this.deadline = deadline;
        deadlines.emitNext(deadline, RETRY);
        isPaused = renewed.paused();
        paused.emitNext(renewed.paused(), RETRY);
    }

    /**
     * Asks the segment to stop gracefully; {@code release} hands the lease back afterwards.
     *
     * @return whether this call asked first
     */
    boolean end(boolean release) {
        releaseAtEnd |= release;
        emit(ending, release);
        return !endAsked.getAndSet(true);
    }

    /** @return whether the segment was asked to end */
    boolean ending() {
        return endAsked.get();
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

    Mono<Boolean> endSignal() {
        return ending.asMono();
    }

    Mono<String> lost() {
        return lost.asMono();
    }

    /**
     * @return whether the local deadline has not passed: checked right before each handler call,
     *     because after a process pause (GC, SIGSTOP) the timer of {@link #expired()} may not have
     *     fired yet although the lease is gone
     */
    boolean leaseSurelyHeld() {
        return System.nanoTime() - deadline < 0;
    }

    /** @return emits when the local deadline passes without a renewal moving it: the lease may be gone */
    Mono<String> expired() {
        return deadlines.asFlux()
                .switchMap(deadline -> Mono.delay(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))))
                .next()
                .map(tick -> "lease not renewed in time");
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
        return handled.get();
    }

    /** Records that the events up to {@code position} are handled (it never moves backwards). */
    Position handledUpTo(Position position) {
        handled.accumulateAndGet(position, SegmentSlot::later);
        return position;
    }

    /** @return the last position known to be stored as the checkpoint */
    Position stored() {
        return stored.get();
    }

    /** Records a stored checkpoint (it never moves backwards within a lease). */
    Position storedUpTo(Position position) {
        stored.accumulateAndGet(position, SegmentSlot::later);
        return handledUpTo(position);
    }

    private static Position later(Position a, Position b) {
        return a.isAfter(b) ? a : b;
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
