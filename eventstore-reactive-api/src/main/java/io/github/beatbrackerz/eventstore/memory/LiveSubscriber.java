package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.error.SubscriberOverflowException;
import io.github.beatbrackerz.eventstore.internal.BoundedQueue;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One live subscriber: its filter and a bounded buffer, which starts with the {@link
 * SubscriptionSignal.Ready} signal. Offers happen under the storage monitor, so the sink sees one
 * producer at a time.
 */
final class LiveSubscriber {

    private final EventFilter filter;
    private final int bufferSize;
    private final Sinks.Many<SubscriptionSignal> sink;
    private final Consumer<LiveSubscriber> onCancel;
    private Position lastQueued;

    LiveSubscriber(EventFilter filter, int bufferSize, Position lastSeen, Consumer<LiveSubscriber> onCancel) {
        this.filter = filter;
        this.bufferSize = bufferSize;
        this.lastQueued = lastSeen;
        this.onCancel = onCancel;
        // one more slot than events: the Ready signal
        this.sink = Sinks.many().unicast().onBackpressureBuffer(new BoundedQueue<>(bufferSize + 1));
        sink.tryEmitNext(new SubscriptionSignal.Ready(lastSeen));
    }

    Flux<SubscriptionSignal> flux() {
        // delivery runs off the appender's thread, so a slow subscriber never holds up writers
        return sink.asFlux().publishOn(Schedulers.boundedElastic()).doFinally(signal -> onCancel.accept(this));
    }

    /**
     * Queues an event if it matches.
     *
     * @return {@code false} when this subscriber is gone: full (it was sent the overflow error),
     *     cancelled or terminated
     */
    boolean offer(RecordedEvent event) {
        if (!filter.matches(event)) {
            return true;
        }
        Sinks.EmitResult result = sink.tryEmitNext(event);
        if (result == Sinks.EmitResult.OK) {
            lastQueued = event.position();
            return true;
        }
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            // queued events are still delivered before the error, so lastQueued is what it saw last
            sink.tryEmitError(new SubscriberOverflowException(bufferSize, lastQueued));
        }
        return false;
    }

    void complete() {
        sink.tryEmitComplete();
    }
}
