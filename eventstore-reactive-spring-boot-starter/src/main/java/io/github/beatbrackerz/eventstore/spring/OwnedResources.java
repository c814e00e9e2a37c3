package io.github.beatbrackerz.eventstore.spring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * What the starter itself created and must close on shutdown, in {@link Stage} order. Beans an
 * application supplied are never registered here, so they are never closed by the starter.
 * Thread-safe.
 */
public final class OwnedResources {

    private static final Logger LOG = Loggers.getLogger(OwnedResources.class);

    /** When a resource is closed: durable subscriptions hand over first, pools go last. */
    public enum Stage {
        /** Durable subscriptions: graceful hand-over of their segments. */
        DURABLE_SUBSCRIPTIONS,
        /** The store: completes live subscriptions (ending open event streams). */
        STORE,
        /** The cache and its client. */
        CACHE,
        /** Connection pools and factories the starter created. */
        CONNECTIONS
    }

    private record Entry(Stage stage, String name, Supplier<Mono<Void>> close) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Registers a resource to close.
     *
     * @param stage when to close it
     * @param name what it is, for the log
     * @param close closes it; subscribed once, at shutdown
     */
    public void add(Stage stage, String name, Supplier<Mono<Void>> close) {
        synchronized (entries) {
            entries.add(new Entry(stage, name, close));
        }
    }

    /** @return what is registered, by name, in closing order */
    public List<String> names() {
        return ordered().stream().map(Entry::name).toList();
    }

    /**
     * Closes everything registered, one after another in {@link Stage} order, and forgets it. A
     * failure is logged and the next resource is closed all the same.
     *
     * @return lazy; completes when all are closed; never errors
     */
    public Mono<Void> closeAll() {
        return Flux.defer(() -> {
                    List<Entry> closing = ordered();
                    synchronized (entries) {
                        entries.clear();
                    }
                    return Flux.fromIterable(closing);
                })
                .concatMap(entry -> Mono.defer(entry.close())
                        .doOnSuccess(done -> LOG.debug("Closed {}", entry.name()))
                        .onErrorResume(error -> {
                            LOG.warn("{} did not close cleanly", entry.name(), error);
                            return Mono.empty();
                        }))
                .then();
    }

    private List<Entry> ordered() {
        synchronized (entries) {
            return entries.stream().sorted(Comparator.comparing(Entry::stage)).toList();
        }
    }
}
