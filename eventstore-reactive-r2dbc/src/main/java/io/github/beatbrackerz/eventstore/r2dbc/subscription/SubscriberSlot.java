package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.error.SubscriberOverflowException;
import io.github.beatbrackerz.eventstore.internal.BoundedQueue;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One subscriber's share of the live feed: its filter and its bounded buffer.
 *
 * <p>A live slot starts with {@link #ready(Position)}, which queues the {@link
 * SubscriptionSignal.Ready} signal, and then enqueues matching events straight into its buffer. A
 * catching-up slot parks them in a side buffer until its history read reaches the live feed and
 * the subscriber has taken all of it; if that side buffer fills, it is emptied (a drop, counted by
 * {@link #drops()}) and the history read is told to read once more, so a catch-up never overflows. Once live, a full buffer fails the subscriber with {@link
 * SubscriberOverflowException} after it has received what is already buffered; the feed never
 * waits for it.
 *
 * <p>Events arrive in position order from one delivery thread at a time; the monitor orders them
 * with the history thread's {@link #switchToLive}. The buffer is drained to the subscriber on the
 * emitting thread while it has demand, and on its own {@code request} otherwise.
 */
final class SubscriberSlot {

    private final EventFilter filter;
    private final int bufferSize;
    private final Sinks.Many<SubscriptionSignal> output;
    private final ArrayDeque<RecordedEvent> parked = new ArrayDeque<>();
    private boolean live;
    private long drops;
    private boolean terminated;
    private @Nullable Position lastEnqueued;
    /** The delivery shard this slot is served by; set once when it is registered. */
    int shard = -1;

    private SubscriberSlot(EventFilter filter, int bufferSize, boolean live) {
        this.filter = filter;
        this.bufferSize = bufferSize;
        this.live = live;
        // one more than the events: the Ready signal of a live slot
        this.output = Sinks.many().unicast().onBackpressureBuffer(new BoundedQueue<>(bufferSize + 1));
    }

    /** @return a slot that delivers from the feed's position once {@link #ready} is called */
    static SubscriberSlot live(EventFilter filter, int bufferSize) {
        return new SubscriberSlot(filter, bufferSize, true);
    }

    /** @return a slot that parks live events until {@link #switchToLive} */
    static SubscriberSlot catchingUp(EventFilter filter, int bufferSize) {
        return new SubscriberSlot(filter, bufferSize, false);
    }

    /** @return the subscriber's filter */
    EventFilter filter() {
        return filter;
    }

    /** @return this subscriber's signals: {@code Ready} (live slots), then events; buffered until subscribed */
    Flux<SubscriptionSignal> output() {
        return output.asFlux();
    }

    /** @return whether the slot was created live and has no start position yet */
    synchronized boolean awaitsStart() {
        return live && lastEnqueued == null && !terminated;
    }

    /** Starts a live slot after a position and signals {@code Ready}; later calls are ignored. */
    synchronized void ready(Position start) {
        if (lastEnqueued != null || terminated) {
            return;
        }
        lastEnqueued = start;
        if (output.tryEmitNext(new SubscriptionSignal.Ready(start)).isFailure()) {
            terminated = true;
        }
    }

    /** Hands a page of the feed to this subscriber: one monitor entry for the page. */
    synchronized void offer(List<RecordedEvent> page) {
        for (RecordedEvent event : page) {
            offer(event);
        }
    }

    /** Hands one event of the feed to this subscriber. */
    synchronized void offer(RecordedEvent event) {
        if (terminated || !filter.matches(event)) {
            return;
        }
        if (!live) {
            if (parked.size() >= bufferSize) {
                parked.clear();
                drops++;
            }
            parked.add(event);
            return;
        }
        enqueue(event);
    }

    /**
     * @return how many times parked events were dropped so far; read before each history page, so
     *     that {@link #switchToLive} knows whether that page covers what was dropped
     */
    synchronized long drops() {
        return drops;
    }

    /**
     * Ends the catch-up: called once the subscriber has taken a history read that returned less
     * than a full page.
     *
     * @param delivered the last event delivered from history (or the start position)
     * @param dropsBeforeRead {@link #drops()} as it was when that last history read started
     * @return {@code false} if live events were dropped since that read started, so history must be read once more
     */
    synchronized boolean switchToLive(Position delivered, long dropsBeforeRead) {
        if (drops != dropsBeforeRead) {
            return false;
        }
        live = true;
        lastEnqueued = delivered;
        for (RecordedEvent event : parked) {
            enqueue(event);
        }
        parked.clear();
        return true;
    }

    /** Fails this subscriber's stream after what is buffered. */
    synchronized void fail(Throwable error) {
        terminated = true;
        parked.clear();
        output.tryEmitError(error);
    }

    /** Completes this subscriber's stream after what is buffered. */
    synchronized void complete() {
        terminated = true;
        parked.clear();
        output.tryEmitComplete();
    }

    private void enqueue(RecordedEvent event) {
        if (lastEnqueued != null && event.position().compareTo(lastEnqueued) <= 0) {
            return;
        }
        Sinks.EmitResult result = output.tryEmitNext(event);
        // A full buffer reports FAIL_ZERO_SUBSCRIBER instead of FAIL_OVERFLOW while nobody has subscribed yet.
        if (result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
            terminated = true;
            Position resumeFrom = lastEnqueued != null ? lastEnqueued : Position.BEGINNING;
            output.tryEmitError(new SubscriberOverflowException(bufferSize, resumeFrom));
        } else if (result.isFailure()) {
            terminated = true;
        } else {
            lastEnqueued = event.position();
        }
    }
}
