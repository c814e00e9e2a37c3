package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * {@link EventSubscriptionSource} fed by {@link InMemoryStorage}'s commit listener: one upstream
 * (the commit path) fanned out to every subscriber's bounded buffer.
 *
 * <p>Slow subscribers: each subscriber has a buffer of {@code bufferSize} events. When a commit
 * finds it full, that subscriber receives the events already buffered and then errors with
 * {@link io.github.beatbrackerz.eventstore.error.SubscriberOverflowException} carrying the
 * position of the last event it received; other subscribers and the writer are not affected.
 */
final class InMemorySubscriptionSource implements EventSubscriptionSource {

    /** Events per catch-up page, read under the storage monitor. */
    private static final int PAGE = 256;

    /** Events examined per catch-up step at most, so a selective filter never holds the monitor long. */
    private static final int SCAN = 4096;

    private final InMemoryStorage storage;
    private final int bufferSize;
    private final Set<LiveSubscriber> subscribers = new LinkedHashSet<>();
    private boolean closed;

    InMemorySubscriptionSource(InMemoryStorage storage, int bufferSize) {
        this.storage = storage;
        this.bufferSize = bufferSize;
        storage.onCommit(this::dispatch);
    }

    @Override
    public Flux<SubscriptionSignal> subscribe(EventFilter filter) {
        return Flux.defer(() -> {
            LiveSubscriber subscriber;
            synchronized (storage) {
                subscriber = register(filter, storage.head());
            }
            return subscriber == null ? Flux.empty() : subscriber.flux();
        });
    }

    @Override
    public Flux<RecordedEvent> subscribeFrom(Position after, EventFilter filter) {
        return Flux.defer(() -> {
            CatchUp catchUp = new CatchUp(filter);
            return Flux.generate(() -> storage.indexAfter(after), catchUp::nextPage)
                    .concatMapIterable(page -> page)
                    .concatWith(Flux.defer(catchUp::live))
                    .doFinally(signal -> catchUp.release());
        });
    }

    @Override
    public Mono<Void> close() {
        return Mono.fromRunnable(() -> {
            List<LiveSubscriber> open;
            synchronized (storage) {
                closed = true;
                open = new ArrayList<>(subscribers);
                subscribers.clear();
            }
            open.forEach(LiveSubscriber::complete);
        });
    }

    /** Called by the storage, under its monitor, with each committed batch. */
    private void dispatch(List<RecordedEvent> batch) {
        if (subscribers.isEmpty()) {
            return;
        }
        List<LiveSubscriber> dropped = new ArrayList<>();
        // a copy: a subscriber that cancels while we dispatch removes itself from the set
        for (LiveSubscriber subscriber : List.copyOf(subscribers)) {
            for (RecordedEvent event : batch) {
                if (!subscriber.offer(event)) {
                    dropped.add(subscriber);
                    break;
                }
            }
        }
        dropped.forEach(subscribers::remove);
    }

    /** Registers a subscriber; the caller holds the storage monitor. Null once closed. */
    private @Nullable LiveSubscriber register(EventFilter filter, Position lastSeen) {
        if (closed) {
            return null;
        }
        LiveSubscriber subscriber = new LiveSubscriber(filter, bufferSize, lastSeen, this::unregister);
        subscribers.add(subscriber);
        return subscriber;
    }

    private void unregister(LiveSubscriber subscriber) {
        synchronized (storage) {
            subscribers.remove(subscriber);
        }
    }

    /** Reads history in pages and registers for live delivery in the same monitor as the last, empty, read. */
    private final class CatchUp {
        private final EventFilter filter;
        private @Nullable LiveSubscriber live;
        private boolean released;

        CatchUp(EventFilter filter) {
            this.filter = filter;
        }

        Integer nextPage(Integer index, SynchronousSink<List<RecordedEvent>> sink) {
            List<RecordedEvent> page = new ArrayList<>();
            int next = index;
            boolean caughtUp;
            synchronized (storage) {
                int end = Math.min(storage.size(), index + SCAN);
                while (next < end && page.size() < PAGE) {
                    RecordedEvent event = storage.at(next++);
                    if (filter.matches(event) && storage.isStored(event)) {
                        page.add(event);
                    }
                }
                caughtUp = page.isEmpty() && next == storage.size();
                if (caughtUp && !released) {
                    // nothing can commit between the empty read above and this registration
                    live = register(filter, storage.head());
                }
            }
            // emitted outside the monitor, so a slow reader never holds up writers
            if (caughtUp) {
                sink.complete();
            } else {
                sink.next(page);
            }
            return next;
        }

        Flux<RecordedEvent> live() {
            LiveSubscriber subscriber = live;
            return subscriber == null ? Flux.empty() : subscriber.flux().ofType(RecordedEvent.class);
        }

        void release() {
            synchronized (storage) {
                released = true;
                LiveSubscriber subscriber = live;
                if (subscriber != null) {
                    subscribers.remove(subscriber);
                }
            }
        }
    }
}
