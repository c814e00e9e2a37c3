package io.github.beatbrackerz.eventstore.tck;

import io.github.beatbrackerz.eventstore.durable.EventBatchHandler;
import io.github.beatbrackerz.eventstore.durable.EventHandler;
import io.github.beatbrackerz.eventstore.durable.Segments;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * A handler for the durable subscription tests: records every event it handled, fails on the
 * events a predicate selects, and counts handler calls that overlap within one segment.
 */
public final class DurableRecorder implements EventHandler, EventBatchHandler {

    private final List<RecordedEvent> handled = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<java.util.UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final int segments;
    private volatile Predicate<RecordedEvent> failing = event -> false;
    private volatile Predicate<RecordedEvent> hanging = event -> false;
    private volatile Duration delay = Duration.ZERO;

    /** @param segments the subscription's segment count, to count overlaps per segment */
    public DurableRecorder(int segments) {
        this.segments = segments;
    }

    /** @param delay how long each call takes before it records its events @return this recorder */
    public DurableRecorder slowBy(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** @param failing which events fail (with an {@link IllegalStateException}) until changed @return this recorder */
    public DurableRecorder failOn(Predicate<RecordedEvent> failing) {
        this.failing = failing;
        return this;
    }

    /** @param hanging which events make the call never complete, until changed @return this recorder */
    public DurableRecorder hangOn(Predicate<RecordedEvent> hanging) {
        this.hanging = hanging;
        return this;
    }

    @Override
    public Mono<Void> handle(RecordedEvent event) {
        return handle(List.of(event));
    }

    @Override
    public Mono<Void> handle(List<RecordedEvent> events) {
        return Mono.defer(() -> {
            AtomicInteger running = inFlight.computeIfAbsent(Segments.of(events.get(0).stream(), segments), s -> new AtomicInteger());
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            Mono<Void> pause = delay.isZero() ? Mono.empty() : Mono.delay(delay).then();
            // doOnTerminate, not doFinally: the next call may start as soon as this one's completion is propagated
            return pause.then(Mono.defer(() -> record(events)))
                    .doOnTerminate(running::decrementAndGet)
                    .doOnCancel(running::decrementAndGet);
        });
    }

    private Mono<Void> record(List<RecordedEvent> events) {
        for (RecordedEvent event : events) {
            calls.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
            if (failing.test(event)) {
                return Mono.error(new IllegalStateException("poison event " + event.id()));
            }
            if (hanging.test(event)) {
                return Mono.never();
            }
        }
        batchSizes.add(events.size());
        handled.addAll(events);
        return Mono.empty();
    }

    /** @return the events handled successfully, in the order they were handled */
    public List<RecordedEvent> handled() {
        return List.copyOf(handled);
    }

    /** @return the {@code amount} of each handled event, in order */
    public List<Long> amounts() {
        return handled.stream().map(event -> event.payload().node().get("amount").asLong()).toList();
    }

    /** @return the handled events' sequence numbers per stream, in handling order */
    public Map<String, List<Long>> sequencesPerStream() {
        return handled.stream().collect(Collectors.groupingBy(event -> event.stream().toString(),
                Collectors.mapping(RecordedEvent::sequenceNumber, Collectors.toList())));
    }

    /** @return the sizes of the batches handled successfully */
    public List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    /** @param event an event @return how many times the handler was called with it */
    public int calls(RecordedEvent event) {
        AtomicInteger count = calls.get(event.id());
        return count == null ? 0 : count.get();
    }

    /** @return how many handler calls started while another call of the same segment was running */
    public int overlaps() {
        return overlaps.get();
    }
}
