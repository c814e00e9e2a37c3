package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.EventSubscriptions;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.Segments;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetter;
import io.github.beatbrackerz.eventstore.durable.spi.DurableStore;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.retry.Retry;

/**
 * The work of one segment while its lease is held: read the feed after the segment's position,
 * keep the segment's events, hand them to the delivery one event or batch at a time with retries,
 * park what keeps failing, store checkpoints (fenced), and stop when paused, ended or lost.
 */
final class SegmentRunner {

    private static final Logger LOG = Loggers.getLogger(SegmentRunner.class);
    private static final int STORAGE_RETRIES = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final DurableSubscriptionSpec spec;
    private final Delivery delivery;
    private final DurableStore store;
    private final EventSubscriptions events;

    SegmentRunner(DurableSubscriptionSpec spec, Delivery delivery, DurableStore store, EventSubscriptions events) {
        this.spec = spec;
        this.delivery = delivery;
        this.store = store;
        this.events = events;
    }

    /**
     * Runs the segment until it is lost or ended: a pipeline whenever it is not paused, restarted
     * after failures. A graceful end waits for the pipeline at most one lease time, then releases
     * the lease when asked to.
     */
    Mono<Void> lifecycle(SegmentSlot slot) {
        Mono<Void> runs = slot.pausedStates().concatMap(paused -> paused ? Mono.<Void>empty() : runUntilStopped(slot), 1).then();
        Mono<String> hardStop = Mono.firstWithValue(slot.lost(), slot.expired(),
                slot.endSignal().delayElement(spec.leaseTime()).map(release -> "it did not stop within the lease time"));
        return runs.takeUntilOther(hardStop.doOnNext(reason -> LOG.warn("durable subscription '{}' segment {} stops at once: {}",
                        spec.name(), slot.segment(), reason)))
                .then(Mono.defer(() -> slot.releaseAtEnd() ? release(slot) : Mono.empty()));
    }

    private Mono<Void> release(SegmentSlot slot) {
        return store.leases().release(slot.lease())
                .doOnNext(released -> LOG.info("durable subscription '{}' segment {} released by {} at {}", spec.name(),
                        slot.segment(), slot.lease().owner(), slot.stored()))
                .onErrorResume(error -> {
                    LOG.warn("durable subscription '{}' segment {}: release failed, the lease will expire instead: {}", spec.name(),
                            slot.segment(), Failures.describe(error));
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> runUntilStopped(SegmentSlot slot) {
        Retry restart = Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF).maxBackoff(spec.renewInterval())
                .filter(error -> !(error instanceof LeaseLostException))
                .doBeforeRetry(signal -> {
                    slot.failed(signal.failure());
                    LOG.warn("durable subscription '{}' segment {} restarts after {}: {}", spec.name(), slot.segment(), slot.handled(),
                            Failures.describe(signal.failure()));
                });
        return Mono.defer(() -> run(slot))
                .doOnSubscribe(subscription -> slot.active(true))
                .doFinally(signal -> slot.active(false))
                .retryWhen(restart)
                .onErrorResume(LeaseLostException.class, lost -> {
                    slot.lose(lost.getMessage());
                    return Mono.empty();
                });
    }

    /** One pipeline, from the slot's handled position until it is asked to stop fetching. */
    private Mono<Void> run(SegmentSlot slot) {
        AtomicBoolean asked = new AtomicBoolean();
        Mono<Boolean> stop = slot.stopFetching().doOnNext(value -> asked.set(true)).cache();
        Flux<RecordedEvent> feed = feed(slot).takeUntilOther(stop);
        Flux<List<RecordedEvent>> batches = delivery.batched()
                ? feed.bufferTimeout(spec.maxBatchSize(), spec.maxBatchWait(), true)
                : feed.map(List::of);
        Mono<Void> stored = delivery.checkpointsWithBatch() ? handleAll(slot, batches, stop, null)
                : Mono.defer(() -> {
                    CheckpointPacer pacer = new CheckpointPacer(position -> store(slot, position), spec.checkpointEvery(),
                            spec.checkpointInterval());
                    return Mono.firstWithSignal(handleAll(slot, batches, stop, pacer), pacer.failures().then())
                            .then(pacer.finish())
                            .then(Mono.defer(() -> storePending(slot)))
                            .doFinally(signal -> pacer.close());
                });
        return storePending(slot).then(stored)
                .then(Mono.defer(() -> asked.get() ? Mono.empty() : Mono.error(new Failures.FeedEnded(spec.name(), slot.segment()))));
    }

    /** Hands every batch to the delivery in order; with a pacer, admitted by it and reported to it. */
    private Mono<Void> handleAll(SegmentSlot slot, Flux<List<RecordedEvent>> batches, Mono<Boolean> stop,
            @Nullable CheckpointPacer pacer) {
        return batches.concatMap(batch -> pacer == null ? handle(slot, batch, stop)
                        : pacer.admit().then(handle(slot, batch, stop)).doOnNext(position -> pacer.handled(position, batch.size())), 1)
                .onErrorResume(Failures.Abandoned.class, abandoned -> Flux.empty())
                .then();
    }

    /** The segment's events after its handled position; the store's feed is resumed after the last event it gave. */
    private Flux<RecordedEvent> feed(SegmentSlot slot) {
        Lease lease = slot.lease();
        int segment = lease.segment();
        int count = lease.segmentCount();
        AtomicReference<Position> last = new AtomicReference<>(slot.handled());
        Retry resume = Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF).maxBackoff(spec.renewInterval()).transientErrors(true)
                .doBeforeRetry(signal -> LOG.warn("durable subscription '{}' segment {} resumes its feed after {}: {}", spec.name(),
                        segment, last.get(), Failures.describe(signal.failure())));
        return Flux.defer(() -> events.subscribeFrom(last.get(), spec.filter()))
                .doOnNext(event -> last.set(event.position()))
                .retryWhen(resume)
                .filter(event -> count == 1 || Segments.of(event.stream(), count) == segment);
    }

    /** Applies a batch with retries; after the last attempt a batch goes event by event, and a single event is parked. */
    private Mono<Position> handle(SegmentSlot slot, List<RecordedEvent> batch, Mono<Boolean> stop) {
        Position last = batch.get(batch.size() - 1).position();
        return Failures.withinHandlerTimeout(spec, batch.size(), Mono.defer(() -> slot.leaseSurelyHeld() ? delivery.apply(batch, slot.lease())
                        : Mono.error(leaseLost(slot))))
                .retryWhen(HandlerRetry.of(spec, stop, (failures, failure) -> failed(slot, batch, failures, failure)))
                .then(Mono.fromCallable(() -> delivery.checkpointsWithBatch() ? slot.storedUpTo(last) : slot.handledUpTo(last)))
                .onErrorResume(Failures.RetriesExhausted.class, exhausted -> batch.size() > 1
                        ? Flux.fromIterable(batch).concatMap(event -> handle(slot, List.of(event), stop), 1).last()
                        : park(slot, batch.get(0), exhausted));
    }

    private static LeaseLostException leaseLost(SegmentSlot slot) {
        Lease lease = slot.lease();
        return new LeaseLostException(lease.subscription(), lease.segment(), lease.owner(), lease.token());
    }

    private void failed(SegmentSlot slot, List<RecordedEvent> batch, long failures, Throwable failure) {
        slot.failed(failure);
        RecordedEvent first = batch.get(0);
        String what = batch.size() == 1 ? "event " + first.id() + " at " + first.position()
                : "a batch of " + batch.size() + " events from " + first.position();
        String attempt = failures == 0 ? "a storage outage, retried without counting" : "attempt " + failures + " of " + spec.maxAttempts();
        LOG.warn("durable subscription '{}' segment {}: the handler failed on {} ({}): {}", spec.name(), slot.segment(), what, attempt,
                Failures.describe(failure));
    }

    private Mono<Position> park(SegmentSlot slot, RecordedEvent event, Failures.RetriesExhausted exhausted) {
        DeadLetter letter = new DeadLetter(event.position(), event.id(), Failures.describe(exhausted),
                (int) Math.min(exhausted.attempts(), Integer.MAX_VALUE));
        Mono<Void> checkpoint = delivery.checkpointsWithBatch()
                ? fenced(slot, Mono.defer(() -> store.checkpoints().checkpoint(slot.lease(), event.position()))) : Mono.empty();
        return fenced(slot, Mono.defer(() -> store.deadLetters().park(slot.lease(), letter)))
                .then(checkpoint)
                .then(Mono.fromCallable(() -> {
                    LOG.error("durable subscription '{}' segment {} parked event {} at {} after {} attempts: {}", spec.name(),
                            slot.segment(), event.id(), event.position(), exhausted.attempts(), letter.error());
                    return delivery.checkpointsWithBatch() ? slot.storedUpTo(event.position()) : slot.handledUpTo(event.position());
                }));
    }

    private Mono<Void> store(SegmentSlot slot, Position position) {
        return fenced(slot, Mono.defer(() -> store.checkpoints().checkpoint(slot.lease(), position)))
                .then(Mono.fromRunnable(() -> slot.storedUpTo(position)));
    }

    private Mono<Void> storePending(SegmentSlot slot) {
        return Mono.defer(() -> slot.handled().isAfter(slot.stored()) ? store(slot, slot.handled()) : Mono.empty());
    }

    /** A write fenced by the lease: a few retries on storage failures, a {@link LeaseLostException} when refused. */
    private Mono<Void> fenced(SegmentSlot slot, Mono<Boolean> write) {
        Retry retry = Retry.backoff(STORAGE_RETRIES, FIRST_BACKOFF).filter(error -> !(error instanceof LeaseLostException))
                .onRetryExhaustedThrow((retrySpec, signal) -> signal.failure());
        return write.retryWhen(retry).flatMap(done -> {
            if (done) {
                return Mono.<Void>empty();
            }
            return Mono.error(leaseLost(slot));
        });
    }
}
