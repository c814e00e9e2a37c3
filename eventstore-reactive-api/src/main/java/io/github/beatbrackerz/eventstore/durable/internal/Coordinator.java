package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.spi.DurableStore;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One durable subscription running on this instance: one coordination loop (a single pipeline
 * held by one {@link Disposable}) that every renew interval renews the held leases (stopping the
 * segments whose lease was refused), records the instance's heartbeat, hands surplus segments
 * over and claims free ones; every claimed segment runs as an inner pipeline of the same chain
 * ({@link SegmentRunner#lifecycle}). A segment whose lease could not be renewed in time stops by
 * a local timer before the lease can expire in storage.
 */
final class Coordinator implements DurableSubscription {

    private static final Logger LOG = Loggers.getLogger(Coordinator.class);
    private static final Sinks.EmitFailureHandler RETRY = Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1));
    /** Claims per tick at most; the fair share limits them anyway. */
    private static final int MAX_CLAIM = 1024;

    private final DurableSubscriptionSpec spec;
    private final Delivery delivery;
    private final DurableStore store;
    private final SegmentRunner runner;
    private final String owner;
    private final Map<Integer, SegmentSlot> slots = new ConcurrentHashMap<>();
    private final Sinks.Many<Long> triggers = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Many<Long> ticksDone = Sinks.many().replay().latest();
    private final Sinks.One<Boolean> finished = Sinks.one();
    private final Sinks.Empty<Void> terminated = Sinks.empty();
    private final AtomicLong ticksStarted = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile @Nullable Disposable loop;
    private final Function<String, Flux<DurableStatus>> status;

    Coordinator(DurableSubscriptionSpec spec, Delivery delivery, DurableStore store, SegmentRunner runner, String owner,
                Function<String, Flux<DurableStatus>> status) {
        this.spec = spec;
        this.delivery = delivery;
        this.store = store;
        this.runner = runner;
        this.owner = owner;
        this.status = status;
    }

    /** Starts the loop; its first tick runs at once. */
    void start() {
        loop = Flux.merge(Flux.interval(Duration.ZERO, spec.renewInterval()), triggers.asFlux())
                .onBackpressureLatest()
                .concatMap(tick -> tick(), 1)
                .takeUntilOther(finished.asMono())
                .flatMap(slot -> runner.lifecycle(slot)
                        .onErrorResume(error -> {
                            LOG.error("durable subscription '" + spec.name() + "' segment " + slot.segment() + " failed unexpectedly", error);
                            return Mono.empty();
                        })
                        .doFinally(signal -> ended(slot)), Integer.MAX_VALUE)
                .then(Mono.defer(this::leave))
                .doFinally(signal -> {
                    ended.set(true);
                    terminated.emitEmpty(RETRY);
                })
                .subscribe(null, error -> LOG.error("durable subscription '" + spec.name() + "' stopped on an unexpected failure", error));
    }

    private Flux<SegmentSlot> tick() {
        long number = ticksStarted.incrementAndGet();
        long started = System.nanoTime();
        Flux<SegmentSlot> work = renew(started)
                .then(Mono.defer(() -> stopping.get() ? Mono.empty() : heartbeat().then(handOverSurplus())))
                .thenMany(Flux.defer(() -> stopping.get() ? Flux.empty() : claim(started)));
        return work.timeout(spec.leaseTime().minus(spec.renewInterval()))
                .onErrorResume(error -> {
                    LOG.warn("durable subscription '{}' ({}): coordination failed, retrying in {}: {}", spec.name(), owner,
                            spec.renewInterval(), Failures.describe(error));
                    slots.values().forEach(slot -> slot.failed(error));
                    return Flux.empty();
                })
                .doFinally(signal -> ticksDone.emitNext(number, RETRY));
    }

    private Mono<Void> renew(long started) {
        List<Lease> held = slots.values().stream().map(SegmentSlot::lease).toList();
        if (held.isEmpty()) {
            return Mono.empty();
        }
        return store.leases().renew(held, spec.leaseTime()).collectMap(Lease::segment).doOnNext(renewed -> {
            for (Lease asked : held) {
                SegmentSlot slot = slots.get(asked.segment());
                Lease kept = renewed.get(asked.segment());
                if (slot == null || slot.lease().token() != asked.token()) {
                    continue;
                }
                if (kept != null && kept.token() == asked.token()) {
                    slot.renewed(kept, deadline(started));
                } else {
                    if (!slot.ending()) {
                        // a segment that is handing over may just have released its lease: nothing to report then
                        LOG.warn("durable subscription '{}' segment {}: lease lost (renewal refused); stopping the segment",
                                spec.name(), asked.segment());
                    }
                    slot.lose("renewal refused");
                }
            }
        }).then();
    }

    private Mono<Void> heartbeat() {
        return store.leases().heartbeat(spec.name(), owner, spec.leaseTime()).then();
    }

    private Mono<Void> handOverSurplus() {
        return store.leases().surplus(spec.name(), owner).doOnNext(lease -> {
            SegmentSlot slot = slots.get(lease.segment());
            if (slot != null && slot.lease().token() == lease.token() && slot.end(true)) {
                LOG.info("durable subscription '{}' segment {}: handing over to rebalance", spec.name(), lease.segment());
            }
        }).then();
    }

    private Flux<SegmentSlot> claim(long started) {
        return store.leases().claim(spec.name(), owner, spec.leaseTime(), MAX_CLAIM).concatMap(lease -> {
            if (stopping.get()) {
                return store.leases().release(lease).then(Mono.empty());
            }
            SegmentSlot previous = slots.get(lease.segment());
            if (previous != null) {
                previous.lose("claimed again with a new token");
            }
            SegmentSlot slot = new SegmentSlot(lease, deadline(started));
            slots.put(lease.segment(), slot);
            LOG.info("durable subscription '{}' segment {} claimed by {} after {}{}", spec.name(), lease.segment(), owner,
                    lease.checkpoint(), lease.paused() ? " (paused)" : "");
            return Mono.just(slot);
        });
    }

    /**
     * The local deadline of a lease renewed by a request sent at {@code started}: the storage set
     * its expiry later than {@code started + leaseTime}, so stopping one renew interval before that
     * stops the segment before anybody else can claim it.
     */
    private long deadline(long started) {
        return started + spec.leaseTime().minus(spec.renewInterval()).toNanos();
    }

    private void ended(SegmentSlot slot) {
        slots.remove(slot.segment(), slot);
        if (stopping.get() && slots.isEmpty()) {
            finish();
        }
    }

    /**
     * Ends the loop once every segment is handed over. Called by {@link #stop()} when it holds none
     * and by each segment that ends after it, so more than once when the last two end together or
     * the last one ends inside {@code stop()}: only the first call emits (the sink takes one value).
     */
    private void finish() {
        if (finishing.compareAndSet(false, true)) {
            finished.emitValue(true, RETRY);
        }
    }

    private Mono<Void> leave() {
        return store.leases().leave(spec.name(), owner)
                .doOnNext(left -> LOG.info("durable subscription '{}': {} stopped and left", spec.name(), owner))
                .onErrorResume(error -> {
                    LOG.warn("durable subscription '{}': {} could not leave, its heartbeat will expire: {}", spec.name(), owner,
                            Failures.describe(error));
                    return Mono.empty();
                })
                .then();
    }

    /**
     * Runs a tick now (after the one in progress) and waits for it, then for the paused segments'
     * pipelines to end: so a pause, resume or reset takes effect here at once.
     *
     * @return completes when the tick ran; at once when the loop has ended
     */
    Mono<Void> refresh() {
        return Mono.defer(() -> {
            long wanted = ticksStarted.get() + 1;
            triggers.emitNext(wanted, RETRY);
            Mono<Long> ticked = ticksDone.asFlux().filter(number -> number >= wanted).next();
            return Mono.firstWithSignal(ticked.then(), terminated.asMono());
        }).then(Mono.defer(() -> Flux.fromIterable(slots.values()).flatMap(SegmentSlot::settled).then()));
    }

    DurableSubscriptionSpec spec() {
        return spec;
    }

    Delivery delivery() {
        return delivery;
    }

    /** @return the slot of a segment this instance holds, or {@code null} */
    @Nullable SegmentSlot slot(int segment) {
        return slots.get(segment);
    }

    /** @return completes when the loop has ended, by stop or dispose */
    Mono<Void> terminated() {
        return terminated.asMono();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public Mono<Void> stop() {
        return Mono.defer(() -> {
            if (stopping.compareAndSet(false, true)) {
                LOG.info("durable subscription '{}': {} stops gracefully, handing over {} segments", spec.name(), owner, slots.size());
                slots.values().forEach(slot -> slot.end(true));
                if (slots.isEmpty()) {
                    finish();
                }
            }
            return terminated.asMono();
        });
    }

    @Override
    public void dispose() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return !isRunning();
    }

    @Override
    public boolean isRunning() {
        return loop != null && !ended.get();
    }

    /**
     * @return whether the loop has ended; unlike {@code !isRunning()}, false before {@link #start()}
     *     has assigned the loop, so a coordinator being launched is not taken for a finished one
     */
    boolean hasEnded() {
        return ended.get();
    }

    @Override
    public Set<Integer> segments() {
        return new TreeSet<>(slots.keySet());
    }

    @Override
    public Flux<DurableStatus> status() {
        return status.apply(spec.name());
    }
}
