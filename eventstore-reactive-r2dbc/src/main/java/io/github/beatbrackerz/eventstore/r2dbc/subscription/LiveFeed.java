package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.retry.Retry;

/**
 * The one shared upstream: a reader that pages the store in commit-safe order from its
 * checkpoint and hands every event to every registered subscriber slot.
 *
 * <p>The feed runs while at least one slot is registered (a session). A session starts at the
 * head, then reads whenever the listener connects or is notified and on every poll tick; reads
 * are coalesced (one at a time, later wake-ups collapse into one follow-up read) and continue page
 * after page until caught up. When the last slot leaves, the session's listener connection and
 * timer are released.
 */
final class LiveFeed {

    private static final Logger LOG = Loggers.getLogger(LiveFeed.class);

    private final EventPageQuery query;
    private final NotificationListener listener;
    private final SubscriptionOptions options;
    private final CoalescedTask reader;
    private final List<SubscriberSlot> slots = new CopyOnWriteArrayList<>();
    private final Sinks.One<Boolean> closed = Sinks.one();
    private final Object lock = new Object();
    private @Nullable Session session;
    private @Nullable Position checkpoint;
    private boolean isClosed;

    LiveFeed(EventPageQuery query, NotificationListener listener, SubscriptionOptions options) {
        this.query = query;
        this.listener = listener;
        this.options = options;
        this.reader = new CoalescedTask("subscription read", this::readUntilCaughtUp);
    }

    /**
     * Registers a slot, starting a session if it is the first.
     *
     * @return completes once the session knows its start position; {@code null} if the feed is closed
     */
    @Nullable Mono<Void> register(SubscriberSlot slot) {
        synchronized (lock) {
            if (isClosed) {
                return null;
            }
            slots.add(slot);
            if (session == null) {
                session = new Session();
                session.start();
            }
            if (checkpoint != null) {
                slot.startAt(checkpoint);
            }
            return session.ready.asMono();
        }
    }

    /** Removes a slot; the last one out ends the session. */
    void unregister(SubscriberSlot slot) {
        synchronized (lock) {
            if (slots.remove(slot) && slots.isEmpty() && session != null) {
                session.resources.dispose();
                session = null;
                checkpoint = null;
            }
        }
    }

    /** @return emits once when the feed is closed */
    Mono<Boolean> closed() {
        return closed.asMono();
    }

    /** Reads now (after an append was notified locally or for tests). */
    void wake() {
        reader.request();
    }

    /** @return where the shared reader stands, or {@code null} while no session runs */
    @Nullable Position checkpoint() {
        synchronized (lock) {
            return checkpoint;
        }
    }

    /** @return whether the session's listener has LISTEN established */
    boolean isListening() {
        return listener.isListening();
    }

    /** Completes every slot and ends the session. Idempotent. */
    void close() {
        synchronized (lock) {
            if (isClosed) {
                return;
            }
            isClosed = true;
            if (session != null) {
                session.resources.dispose();
                session = null;
            }
            checkpoint = null;
            slots.forEach(SubscriberSlot::complete);
            slots.clear();
        }
        closed.tryEmitValue(Boolean.TRUE);
    }

    private Mono<Void> readUntilCaughtUp() {
        return Mono.defer(this::readPage).repeat().takeUntil(count -> count < options.pageSize()).then();
    }

    private Mono<Integer> readPage() {
        Session current;
        Position from;
        synchronized (lock) {
            current = session;
            from = checkpoint;
        }
        if (current == null || from == null) {
            return Mono.just(0);
        }
        return query.page(from, EventFilter.all(), options.pageSize()).collectList().map(events -> {
            publish(current, events);
            return events.size();
        });
    }

    private void publish(Session source, List<RecordedEvent> events) {
        synchronized (lock) {
            for (RecordedEvent event : events) {
                if (session != source) {
                    return;
                }
                for (SubscriberSlot slot : slots) {
                    slot.offer(event);
                }
                checkpoint = event.position();
            }
        }
    }

    private void started(Session started, Position head) {
        synchronized (lock) {
            if (session != started) {
                return;
            }
            checkpoint = head;
            slots.forEach(slot -> slot.startAt(head));
        }
        started.ready.tryEmitEmpty();
        started.resources.add(listener.wakeups().subscribe(wakeup -> reader.request()));
        started.resources.add(Flux.interval(options.pollInterval()).subscribe(tick -> reader.request()));
        reader.request();
    }

    /** One run of the feed, from the first registered slot to the last one leaving. */
    private final class Session {
        final Sinks.Empty<Void> ready = Sinks.empty();
        final Disposable.Composite resources = Disposables.composite();

        void start() {
            resources.add(query.head()
                    .retryWhen(Retry.backoff(Long.MAX_VALUE, options.reconnectBackoffMin()).maxBackoff(options.reconnectBackoffMax())
                            .doBeforeRetry(retry -> LOG.warn("Reading the subscription start position failed, retrying: {}",
                                    retry.failure().toString())))
                    .subscribe(head -> started(this, head)));
        }
    }
}
