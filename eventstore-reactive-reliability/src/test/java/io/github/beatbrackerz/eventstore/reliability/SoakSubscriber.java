package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * A subscriber of the soak that checkpoints the position of every event it receives, and after a
 * cancellation or an error resumes with {@code subscribeFrom(checkpoint)}. A catch-up subscriber
 * starts with {@code subscribeFrom(start)}; a live one with {@code subscribeToEvents}, and counts
 * as attached from its first event on.
 */
final class SoakSubscriber {

    /** What it received, in order. */
    record Received(RecordedEvent event, long receivedNanos) {
    }

    private final String name;
    private final EventStore store;
    private final EventFilter filter;
    private final boolean live;
    private static final Duration RESUME_DELAY = Duration.ofMillis(200);

    private final Position start;
    private final Findings findings;
    private final List<Received> received = new ArrayList<>();
    private @Nullable Position checkpoint;
    private long attachedNanos;
    private int generation;
    private @Nullable Disposable current;
    private boolean stopped;

    SoakSubscriber(String name, EventStore store, EventFilter filter, boolean live, Position start, Findings findings) {
        this.name = name;
        this.store = store;
        this.filter = filter;
        this.live = live;
        this.start = start;
        this.findings = findings;
    }

    synchronized void start() {
        if (stopped) {
            return;
        }
        int gen = ++generation;
        // a failed subscription resumes from its checkpoint, read again at each resubscription
        Flux<RecordedEvent> source = Flux.defer(this::fromCheckpoint)
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, RESUME_DELAY).doBeforeRetry(signal -> resumed(signal.failure())));
        current = source.subscribe(event -> received(gen, event), error -> findings.error("subscription " + name, error));
    }

    private synchronized Flux<RecordedEvent> fromCheckpoint() {
        return live && checkpoint == null
                ? store.subscribeToEvents(filter)
                : store.subscribeFrom(checkpoint != null ? checkpoint : start, filter);
    }

    /** Cancels, and resumes from the checkpoint after {@code pause}. */
    void cancelAndResume(Duration pause) {
        synchronized (this) {
            Disposable running = current;
            generation++;
            if (running != null) {
                running.dispose();
            }
        }
        findings.counters.inc("faults.subscriber cancelled and resumed");
        sleep(pause);
        start();
    }

    synchronized void stop() {
        stopped = true;
        generation++;
        if (current != null) {
            current.dispose();
        }
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    String name() {
        return name;
    }

    boolean live() {
        return live;
    }

    Position startPosition() {
        return start;
    }

    EventFilter filter() {
        return filter;
    }

    /** @return when it first received an event ({@link System#nanoTime()}), or 0 */
    synchronized long attachedNanos() {
        return attachedNanos;
    }

    private synchronized void received(int gen, RecordedEvent event) {
        if (gen != generation) {
            return;
        }
        long now = System.nanoTime();
        if (attachedNanos == 0) {
            attachedNanos = now;
        }
        received.add(new Received(event, now));
        checkpoint = event.position();
    }

    private void resumed(Throwable error) {
        findings.error("subscription " + name, error);
        findings.counters.inc("subscribers.resumed after error");
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
