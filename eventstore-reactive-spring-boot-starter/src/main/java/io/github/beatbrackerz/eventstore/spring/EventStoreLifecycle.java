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
 * <p><b>Start.</b> Spring's {@link #start()} is synchronous, but the schema set-up and the cache's
 * connect are I/O, so {@code start()} only subscribes to them and returns: both run at once on the
 * drivers' threads, and {@link #ready()} tells when both are done. Then every {@link
 * DurableSubscriptionDefinition} bean is started. Requests that arrive meanwhile wait for {@link
 * #ready()} in a web filter (in a reactive web application), and code that needs the tables at
 * start should do the same ({@code lifecycle.ready().then(...)}). A failed set-up is logged,
 * reported by {@link #failure()} (and by the health check as {@code DOWN}) and does not stop the
 * application. A cache that does not connect within its connect timeout is logged once as a
 * warning and is no failure: the store serves from PostgreSQL until the cache answers.
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
    private volatile boolean readyCompleted;
    private volatile @Nullable Disposable starting;
    private volatile boolean running;

    /**
     * A lifecycle with no cache to connect at start.
     *
     * @param schemaSetup creates or upgrades the tables (empty when {@code eventstore.initialize-schema} is false); lazy
     * @param durable the durable subscriptions the definitions start on
     * @param definitions the declared durable subscriptions
     * @param owned what the starter created and closes on stop
     */
    public EventStoreLifecycle(Mono<Void> schemaSetup, R2dbcDurableSubscriptions durable, List<DurableSubscriptionDefinition> definitions,
            OwnedResources owned) {
        this(schemaSetup, Mono.empty(), durable, definitions, owned);
    }

    /**
     * @param schemaSetup creates or upgrades the tables (empty when {@code eventstore.initialize-schema} is false); lazy
     * @param cacheConnect opens the cache's connections, completes when they are open and errors when
     *     they could not be opened within the cache's own bound ({@code EventCache.connect()}; empty
     *     when there is nothing to open); lazy
     * @param durable the durable subscriptions the definitions start on
     * @param definitions the declared durable subscriptions
     * @param owned what the starter created and closes on stop
     */
    public EventStoreLifecycle(Mono<Void> schemaSetup, Mono<Void> cacheConnect, R2dbcDurableSubscriptions durable,
            List<DurableSubscriptionDefinition> definitions, OwnedResources owned) {
        this.durable = durable;
        this.definitions = List.copyOf(definitions);
        this.owned = owned;
        Mono<Void> schema = schemaSetup
                .doOnSuccess(done -> LOG.info("Event store schema is ready"))
                .doOnError(error -> {
                    failure = error;
                    LOG.error("Event store schema set-up failed", error);
                });
        // The cache is optional: a Redis that is down must not keep the application from becoming ready.
        Mono<Void> cache = cacheConnect.onErrorResume(error -> {
            LOG.warn("Event store cache did not connect at start-up, the store reads PostgreSQL until it answers: {}", error.toString());
            return Mono.empty();
        });
        this.ready = Mono.when(schema, cache).doOnSuccess(done -> readyCompleted = true).cache();
    }

    /**
     * The schema set-up and the cache's connect, run once, at the same time, and remembered.
     *
     * @return completes when the tables exist and the cache's connect has ended, connected or not
     *     (at once when both are done); errors with the set-up's failure, the same error for every
     *     subscriber, as soon as the set-up fails
     */
    public Mono<Void> ready() {
        return ready;
    }

    /** @return whether {@link #ready()} has completed: the schema is set up and the cache's connect has ended */
    public boolean isReady() {
        return readyCompleted;
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

    /** Subscribes to the schema set-up and the cache's connect, then starts the declared durable subscriptions; returns at once. */
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
