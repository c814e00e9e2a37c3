package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Runs an asynchronous task at most once at a time. Requests that arrive while it runs collapse
 * into a single follow-up run, so a burst of requests costs at most two runs and none is lost:
 * every request is followed by a run that starts after it.
 */
final class CoalescedTask {

    private static final Logger LOG = Loggers.getLogger(CoalescedTask.class);

    private final String name;
    private final Supplier<Mono<Void>> task;
    private final AtomicInteger requests = new AtomicInteger();

    CoalescedTask(String name, Supplier<Mono<Void>> task) {
        this.name = name;
        this.task = task;
    }

    /** Asks for a run that starts after this call. Never blocks, never throws. */
    void request() {
        if (requests.getAndIncrement() == 0) {
            run();
        }
    }

    private void run() {
        int seen = requests.get();
        Mono.defer(task).subscribe(null, error -> {
            LOG.warn("{} failed, will retry on the next request: {}", name, error.toString());
            finished(seen);
        }, () -> finished(seen));
    }

    private void finished(int seen) {
        if (requests.addAndGet(-seen) != 0) {
            run();
        }
    }
}
