package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.AppendQueueFullException;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Coalesces concurrent appends (issue 15, item 2). At most {@code statementsInFlight} append statements run at once;
 * an append that finds a free slot is sent at once, alone, through the ordinary statement, so a lone caller pays
 * nothing and waits for no timer. Appends that arrive while every slot is busy wait in a bounded queue; when a
 * statement completes, its slot takes everything that queued meanwhile (up to {@code maxGroupEvents} events) and sends
 * it as one statement ({@link R2dbcEventAppender#appendGroup}): one round trip and one commit for the group.
 *
 * <p>Each caller's semantics are those of an append of its own: its batch is atomic; an expected-version conflict or
 * a duplicate event id fails only its own append; an idempotent retry returns the stored events; sequence numbers
 * stay gap-free per stream. Two appends to the same stream never share a group (the later one waits for the next),
 * so a stream's appends are written in the order they queued. A multi-stream append with an expected version is
 * sent alone. A full queue refuses the append with {@link AppendQueueFullException}, which is retryable.
 *
 * <p>Cancelling a waiting append removes it from the queue, and nothing of it is written. Once its group is sent, it
 * cannot be taken back: its events may be written without the caller hearing of it (as with any append cancelled
 * in flight); a retry with the same event ids returns them.
 */
public final class AppendCoalescer {

    private final R2dbcEventAppender appender;
    private final int statementsInFlight;
    private final int maxQueued;
    private final int maxGroupEvents;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private int inFlight;

    /** An append waiting for a statement. Guarded by the coalescer's lock, except {@code sink}. */
    private static final class Waiting {
        final AppendRequest request;
        final MonoSink<List<RecordedEvent>> sink;
        boolean sent;

        Waiting(AppendRequest request, MonoSink<List<RecordedEvent>> sink) {
            this.request = request;
            this.sink = sink;
        }
    }

    /**
     * @param appender the statements
     * @param statementsInFlight append statements sent at once before appends queue, at least 1
     * @param maxQueued appends that may wait; more are refused
     * @param maxGroupEvents the most events one group statement carries
     */
    AppendCoalescer(R2dbcEventAppender appender, int statementsInFlight, int maxQueued, int maxGroupEvents) {
        this.appender = appender;
        this.statementsInFlight = statementsInFlight;
        this.maxQueued = maxQueued;
        this.maxGroupEvents = maxGroupEvents;
    }

    /**
     * Appends, alone or in a group, as described above. Lazy: nothing is queued before subscription.
     *
     * @param request the append
     * @return the recorded events, in request order; errors as an append of its own would, or with
     *     {@link AppendQueueFullException} when the queue is full
     */
    Flux<RecordedEvent> append(AppendRequest request) {
        return Mono.<List<RecordedEvent>>create(sink -> {
            Waiting waiting = new Waiting(request, sink);
            boolean alone;
            synchronized (this) {
                if (inFlight < statementsInFlight) {
                    inFlight++;
                    waiting.sent = true;
                    alone = true;
                } else if (queue.size() >= maxQueued) {
                    alone = false;
                    waiting.sent = true;
                    sink.error(new AppendQueueFullException(maxQueued));
                } else {
                    queue.add(waiting);
                    alone = false;
                }
            }
            sink.onCancel(() -> withdraw(waiting));
            if (alone) {
                send(List.of(waiting));
            }
        }).flatMapIterable(Function.identity());
    }

    /** @return appends waiting now (for tests and status) */
    synchronized int queued() {
        return queue.size();
    }

    private synchronized void withdraw(Waiting waiting) {
        if (!waiting.sent) {
            queue.remove(waiting);
        }
    }

    private void send(List<Waiting> group) {
        Mono<Void> statement;
        if (group.size() == 1) {
            Waiting only = group.get(0);
            statement = appender.append(only.request).collectList()
                    .doOnNext(only.sink::success)
                    .doOnError(only.sink::error)
                    .onErrorResume(e -> Mono.empty())
                    .then();
        } else {
            statement = appender.appendGroup(group.stream().map(w -> w.request).toList())
                    .doOnNext(outcomes -> {
                        for (int i = 0; i < group.size(); i++) {
                            R2dbcEventAppender.Outcome outcome = outcomes.get(i);
                            if (outcome.error() != null) {
                                group.get(i).sink.error(outcome.error());
                            } else {
                                group.get(i).sink.success(outcome.events());
                            }
                        }
                    })
                    .then();
        }
        statement.doFinally(signal -> next()).subscribe(null, error -> group.forEach(w -> w.sink.error(error)));
    }

    /** A statement completed: its slot takes what queued meanwhile, or is freed. */
    private void next() {
        List<Waiting> group = new ArrayList<>();
        synchronized (this) {
            Set<StreamId> streams = new HashSet<>();
            Set<StreamId> passed = new HashSet<>();
            int events = 0;
            for (Iterator<Waiting> it = queue.iterator(); it.hasNext();) {
                Waiting waiting = it.next();
                List<NewEvent> own = waiting.request.events();
                Set<StreamId> its = new HashSet<>();
                own.forEach(e -> its.add(e.stream()));
                boolean blocked = its.stream().anyMatch(s -> streams.contains(s) || passed.contains(s));
                boolean alone = its.size() > 1 && !waiting.request.expectedVersion().isAny();
                if (!blocked && (group.isEmpty() || (!alone && events + own.size() <= maxGroupEvents))) {
                    it.remove();
                    waiting.sent = true;
                    group.add(waiting);
                    streams.addAll(its);
                    events += own.size();
                    if (alone) {
                        break;
                    }
                } else {
                    // a later append to a stream of this one must not overtake it
                    passed.addAll(its);
                }
            }
            if (group.isEmpty()) {
                inFlight--;
                return;
            }
        }
        send(group);
    }
}
