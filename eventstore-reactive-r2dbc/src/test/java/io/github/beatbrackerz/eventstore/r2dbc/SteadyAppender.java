package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.EventStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A steady stream of appends on a thread of its own, one event at a time, round-robin over the
 * given streams, that carries on through database outages: a failed append is counted
 * and the next one tried after a pause. Whether a failed append was committed is unknown to the
 * client, so the events table, not this object, says which events exist.
 */
final class SteadyAppender implements AutoCloseable {

    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(200);

    private final EventStore writer;
    private final List<String> streams;
    private final Duration interval;
    private final AtomicInteger appended = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<@Nullable Throwable> lastFailure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    private SteadyAppender(EventStore writer, List<String> streams, Duration interval) {
        this.writer = writer;
        this.streams = List.copyOf(streams);
        this.interval = interval;
        this.thread = new Thread(this::run, "steady-appender");
        this.thread.setDaemon(true);
    }

    /** @return an appender already running, one append each {@code interval}, to the streams (aggregate ids) in turn */
    static SteadyAppender start(EventStore writer, List<String> streams, Duration interval) {
        SteadyAppender appender = new SteadyAppender(writer, streams, interval);
        appender.thread.start();
        return appender;
    }

    private void run() {
        for (int n = 0; running; n++) {
            try {
                writer.appendEvent(DurableWorkload.event(streams.get(n % streams.size()), n / streams.size() + 1)).block(Duration.ofSeconds(20));
                appended.incrementAndGet();
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                lastFailure.set(e);
                try {
                    Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** @return how many appends succeeded so far */
    int appended() {
        return appended.get();
    }

    /** @return how many appends failed so far */
    int failed() {
        return failed.get();
    }

    /** @return the last failure, or {@code null} */
    @Nullable Throwable lastFailure() {
        return lastFailure.get();
    }

    /** Stops after the append in progress and waits for it. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
