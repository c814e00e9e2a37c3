package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Starts and stops the event store with the application context, without blocking a thread.
 *
 * <p><b>Start.</b> Spring's {@link #start()} is synchronous, but the schema set-up is I/O, so
 * {@code start()} only subscribes to it and returns: the set-up runs on the driver's threads, and
 * {@link #ready()} tells when it is done. Then every {@link DurableSubscriptionDefinition} bean is
 * started. Requests that arrive meanwhile wait for {@link #ready()} in a web filter (in a reactive
 * web application), and code that needs the tables at start should do the same ({@code
 * lifecycle.ready().then(...)}). A failed set-up is logged, reported by {@link #failure()} (and
 * by the health check as {@code DOWN}) and does not stop the application.
 *
 * <p><b>Stop.</b> In the default phase, so before the web server's graceful shutdown (which would
 * otherwise wait for open event streams that only end with the store): the durable
 * subscriptions started here stop gracefully and hand their segments over, then everything the
 * starter created is closed in {@link OwnedResources.Stage} order (durable subscriptions, store,
 * cache, connections). Spring is told through the stop callback when all of it is done.
 */
public final class EventStoreLifecycle implements SmartLifecycle {

    private static final Logger LOG = Loggers.getLogger(EventStoreLifecycle.class);

    private final Mono<Void> ready;
    private final R2dbcDurableSubscriptions durable;
    private final List<DurableSubscriptionDefinition> definitions;
    private final OwnedResources owned;
    private final List<DurableSubscription> started = new CopyOnWriteArrayList<>();
    private final Map<String, String> startFailures = new ConcurrentHashMap<>();
    private volatile @Nullable Throwable failure;
    private volatile boolean schemaReady;
    private volatile @Nullable Disposable starting;
    private volatile boolean running;

    /**
     * @param schemaSetup creates or upgrades the tables (empty when {@code eventstore.initialize-schema} is false); lazy
     * @param durable the durable subscriptions the definitions start on
     * @param definitions the declared durable subscriptions
     * @param owned what the starter created and closes on stop
     */
    public EventStoreLifecycle(Mono<Void> schemaSetup, R2dbcDurableSubscriptions durable, List<DurableSubscriptionDefinition> definitions,
            OwnedResources owned) {
        this.durable = durable;
        this.definitions = List.copyOf(definitions);
        this.owned = owned;
        this.ready = schemaSetup
                .doOnSuccess(done -> {
                    schemaReady = true;
                    LOG.info("Event store schema is ready");
                })
                .doOnError(error -> {
                    failure = error;
                    LOG.error("Event store schema set-up failed", error);
                })
                .cache();
    }

    /**
     * The schema set-up, run once and remembered.
     *
     * @return completes when the tables exist (at once when the set-up is off or done); errors
     *     with the set-up's failure, the same error for every subscriber
     */
    public Mono<Void> ready() {
        return ready;
    }

    /** @return whether the schema set-up has completed */
    public boolean isReady() {
        return schemaReady;
    }

    /** @return why the schema set-up failed, or {@code null} while it has not failed */
    public @Nullable Throwable failure() {
        return failure;
    }

    /** @return the names of declared durable subscriptions that failed to start, with the error; a snapshot */
    public Map<String, String> startFailures() {
        return Map.copyOf(startFailures);
    }

    /** @return the durable subscriptions started here and still running; a snapshot */
    public List<DurableSubscription> runningSubscriptions() {
        return started.stream().filter(DurableSubscription::isRunning).toList();
    }

    /** Subscribes to the schema set-up, then starts the declared durable subscriptions; returns at once. */
    @Override
    public void start() {
        running = true;
        starting = ready.thenMany(Flux.fromIterable(definitions))
                .flatMap(definition -> definition.start(durable)
                        .doOnNext(subscription -> {
                            started.add(subscription);
                            LOG.info("Durable subscription {} started as {}", subscription.name(), subscription.owner());
                        })
                        .onErrorResume(error -> {
                            startFailures.put(definition.name(), error.toString());
                            LOG.error("Durable subscription {} did not start", definition.name(), error);
                            return Mono.empty();
                        }))
                // A failed set-up was logged by ready(); the declared subscriptions then do not start.
                .subscribe(subscription -> { }, error -> { });
    }

    /** Starts the shutdown without waiting; Spring itself calls {@link #stop(Runnable)}. */
    @Override
    public void stop() {
        stop(() -> { });
    }

    /**
     * Stops the durable subscriptions started here (hand-over), then closes what the starter
     * created, and runs {@code callback} when done, on whichever thread finished last.
     *
     * @param callback tells Spring the stop is complete
     */
    @Override
    public void stop(Runnable callback) {
        running = false;
        Disposable start = starting;
        if (start != null) {
            start.dispose();
        }
        Flux.fromIterable(started)
                .flatMap(DurableSubscription::stop)
                .then(Mono.fromRunnable(started::clear))
                .then(owned.closeAll())
                .doFinally(signal -> callback.run())
                .subscribe(done -> { }, error -> LOG.warn("Event store did not stop cleanly", error));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
