package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.error.PositionRebaseRequiredException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.retry.Retry;

/**
 * The one shared upstream: a reader that pages the store in commit-safe order from its
 * checkpoint and hands every event to every registered subscriber slot.
 *
 * <p>The feed runs while at least one slot is registered (a session). A session is one Reactor
 * pipeline, held by one {@link Disposable}: it checks that stored positions can be delivered
 * correctly, reads the head (retrying both with backoff while PostgreSQL is unreachable), signals
 * {@code Ready} to the live slots, then reads whenever the
 * listener connects or is notified and on every poll tick. Wake-ups that arrive during a read
 * collapse into one follow-up read, and each read continues page after page until caught up. A
 * read that fails or times out is logged, recorded as a {@link ReaderStall} and retried on the
 * next wake-up. When the last slot leaves, disposing the pipeline releases the listener
 * connection, the timer and any query in flight.
 */
final class LiveFeed {

    private static final Logger LOG = Loggers.getLogger(LiveFeed.class);

    private final EventPageQuery query;
    private final Mono<Void> preflight;
    private final NotificationListener listener;
    private final SubscriptionOptions options;
    private final DeliveryShards shards = new DeliveryShards(Schedulers.DEFAULT_POOL_SIZE);
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private final Object lock = new Object();
    private final Set<SubscriberSlot> slots = new LinkedHashSet<>();
    private @Nullable Session session;
    private volatile @Nullable ReaderStall stall;
    private boolean isClosed;

    /**
     * @param query the engine's SQL
     * @param preflight runs before each session reads its start position, for example the check that stored
     *     positions lie below the transaction counter; a {@link PositionRebaseRequiredException} from it fails
     *     every subscriber of the session instead of being retried
     * @param listener the LISTEN connection
     * @param options the engine's tuning
     */
    LiveFeed(EventPageQuery query, Mono<Void> preflight, NotificationListener listener, SubscriptionOptions options) {
        this.query = query;
        this.preflight = preflight;
        this.listener = listener;
        this.options = options;
    }

    /**
     * Registers a slot, starting a session if it is the first. A live slot is made ready as soon
     * as the session knows its start position (at once if it already does).
     *
     * @return completes once the session knows its start position (for a catch-up's history
     *     read), also when the feed closes first; errors when the session fails; {@code null} if
     *     the feed is already closed
     */
    @Nullable Mono<Void> register(SubscriberSlot slot) {
        synchronized (lock) {
            if (isClosed) {
                return null;
            }
            if (session == null) {
                session = new Session();
            }
            Position start = session.checkpoint;
            slots.add(slot);
            shards.add(slot);
            if (start != null && slot.awaitsStart()) {
                shards.run(slot, () -> slot.ready(start));
            }
            Session current = session;
            current.startIfNew();
            return current.started.asMono();
        }
    }

    /** Removes a slot; the last one out ends the session. */
    void unregister(SubscriberSlot slot) {
        synchronized (lock) {
            if (!slots.remove(slot)) {
                return;
            }
            shards.remove(slot);
            if (slots.isEmpty() && session != null) {
                session.stop();
                session = null;
            }
        }
    }

    /** @return emits once when the feed is closed */
    Mono<Void> closed() {
        return closed.asMono();
    }

    /** @return where the shared reader stands, or {@code null} while no session knows its position */
    @Nullable Position checkpoint() {
        synchronized (lock) {
            return session == null ? null : session.checkpoint;
        }
    }

    /** @return up to where every subscriber has been offered the events, or {@code null} while no session knows its position */
    @Nullable Position delivered() {
        synchronized (lock) {
            return session == null ? null : session.delivered;
        }
    }

    /** @return why the reader's last reads failed, or {@code null} while they succeed */
    @Nullable ReaderStall stall() {
        return stall;
    }

    /** @return whether the session's listener has LISTEN established */
    boolean isListening() {
        return listener.isListening();
    }

    /** @return how many subscribers are registered right now */
    int subscribers() {
        synchronized (lock) {
            return slots.size();
        }
    }

    /** Completes every slot (after what is already queued for it) and ends the session. Idempotent. */
    void close() {
        Session ended;
        List<SubscriberSlot> open;
        synchronized (lock) {
            if (isClosed) {
                return;
            }
            isClosed = true;
            ended = session;
            session = null;
            open = new ArrayList<>(slots);
            slots.clear();
            if (ended != null) {
                ended.stop();
            }
            open.forEach(slot -> shards.run(slot, slot::complete));
            shards.dispose();
        }
        if (ended != null) {
            // Catch-up subscribers still waiting for the start position go on to their (completed) output.
            ended.started.tryEmitEmpty();
        }
        closed.tryEmitEmpty();
    }

    private void started(Session started, Position head) {
        synchronized (lock) {
            if (session != started) {
                return;
            }
            started.checkpoint = head;
            started.delivered = head;
            for (SubscriberSlot slot : slots) {
                if (slot.awaitsStart()) {
                    shards.run(slot, () -> slot.ready(head));
                }
            }
        }
        started.started.tryEmitEmpty();
    }

    /** Ends a session that cannot deliver correctly: every subscriber of it receives the error. */
    private void failed(Session ended, Throwable error) {
        List<SubscriberSlot> open;
        synchronized (lock) {
            if (session != ended) {
                return;
            }
            LOG.error("The subscription reader stopped; its subscribers receive the error", error);
            session = null;
            open = new ArrayList<>(slots);
            slots.clear();
            open.forEach(slot -> {
                shards.remove(slot);
                shards.run(slot, () -> slot.fail(error));
            });
        }
        ended.started.tryEmitError(error);
    }

    private Mono<Void> readUntilCaughtUp(Session reading) {
        return Mono.defer(() -> readPage(reading))
                .repeat()
                .takeUntil(count -> count < options.pageSize())
                .then()
                .doOnSuccess(ignored -> recovered())
                .onErrorResume(error -> {
                    stalled(error);
                    return Mono.empty();
                });
    }

    private Mono<Integer> readPage(Session reading) {
        Position from;
        synchronized (lock) {
            from = session == reading ? reading.checkpoint : null;
        }
        if (from == null) {
            return Mono.just(0);
        }
        return query.page(from, EventFilter.all(), options.pageSize()).collectList().map(events -> {
            publish(reading, events);
            return events.size();
        });
    }

    private void publish(Session source, List<RecordedEvent> events) {
        synchronized (lock) {
            if (session != source || events.isEmpty()) {
                return;
            }
            Position last = events.get(events.size() - 1).position();
            source.checkpoint = last;
            shards.publish(events, () -> source.delivered = last);
        }
    }

    private void stalled(Throwable error) {
        ReaderStall previous = stall;
        if (previous == null) {
            LOG.warn("The subscription reader cannot read; it retries on every poll and notification: {}", error.toString());
            stall = new ReaderStall(Instant.now(), 1, error.toString());
        } else {
            stall = previous.andThen(error);
        }
    }

    private void recovered() {
        ReaderStall previous = stall;
        if (previous != null) {
            LOG.info("The subscription reader reads again after {} failed reads since {}", previous.failures(), previous.since());
            stall = null;
        }
    }

    /** One run of the feed, from the first registered slot to the last one leaving. */
    private final class Session {
        final Sinks.Empty<Void> started = Sinks.empty();
        /** Where the reader stands: the next page is read after it. */
        @Nullable Position checkpoint;
        /** Up to where every slot has been offered the events; behind {@link #checkpoint} while pages are on their way. */
        volatile @Nullable Position delivered;
        @Nullable Disposable pipeline;

        void startIfNew() {
            if (pipeline == null) {
                pipeline = preflight.then(query.head())
                        .doOnError(LiveFeed.this::stalled)
                        .retryWhen(Retry.backoff(Long.MAX_VALUE, options.reconnectBackoffMin()).maxBackoff(options.reconnectBackoffMax())
                                .filter(error -> !(error instanceof PositionRebaseRequiredException)))
                        .doOnNext(head -> {
                            recovered();
                            started(this, head);
                        })
                        .flatMapMany(head -> Flux.merge(listener.wakeups(), Flux.interval(options.pollInterval())))
                        .onBackpressureLatest()
                        .concatMap(wakeup -> readUntilCaughtUp(this), 0)
                        .subscribe(null, error -> failed(this, error));
            }
        }

        void stop() {
            Disposable running = pipeline;
            if (running != null) {
                running.dispose();
            }
        }
    }
}
