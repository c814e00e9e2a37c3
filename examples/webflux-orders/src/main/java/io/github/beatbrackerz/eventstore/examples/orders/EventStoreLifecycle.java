package io.github.beatbrackerz.eventstore.examples.orders;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.examples.orders.readmodel.CustomerSummaries;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;
import io.r2dbc.pool.ConnectionPool;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Starts and stops the event store with the application, without blocking: the schema setup
 * runs when the context starts and {@link #ready()} tells when it is done, then the customer
 * summaries' durable subscription starts; at shutdown the durable subscriptions hand their
 * segments over, the store's subscriptions complete (ending open event streams) and its cache and
 * pool are released.
 */
public final class EventStoreLifecycle implements SmartLifecycle {

    private static final Logger LOG = Loggers.getLogger(EventStoreLifecycle.class);

    private final R2dbcEventStoreBuilder builder;
    private final EventStore store;
    private final CacheSelection cache;
    private final R2dbcDurableSubscriptions durable;
    private final CustomerSummaries summaries;
    private final Mono<Void> ready;
    private volatile boolean running;

    EventStoreLifecycle(R2dbcEventStoreBuilder builder, EventStore store, CacheSelection cache, R2dbcDurableSubscriptions durable,
            CustomerSummaries summaries) {
        this.builder = builder;
        this.store = store;
        this.cache = cache;
        this.durable = durable;
        this.summaries = summaries;
        this.ready = builder.initializeSchema()
                .doOnSuccess(done -> LOG.info("Event store schema is ready"))
                .cache();
    }

    /**
     * The schema setup, run once and remembered.
     *
     * @return completes when the tables exist; errors with the setup's failure (every later
     *     subscriber gets the same error)
     */
    public Mono<Void> ready() {
        return ready;
    }

    /** Starts the schema setup in the background, then the read model's durable subscription. */
    @Override
    public void start() {
        running = true;
        ready.then(summaries.start()).subscribe(
                started -> LOG.info("Durable subscription {} started", started.name()),
                error -> LOG.error("Event store schema setup or the read model's start failed", error));
    }

    /** Starts closing the store without waiting; Spring itself calls {@link #stop(Runnable)}. */
    @Override
    public void stop() {
        stop(() -> { });
    }

    /**
     * Closes the store, then its cache and pool, and tells Spring when done.
     *
     * @param callback run once everything is released
     */
    @Override
    public void stop(Runnable callback) {
        running = false;
        Mono<Void> pool = builder.connectionFactory() instanceof ConnectionPool connectionPool ? connectionPool.disposeLater() : Mono.empty();
        durable.close()
                .onErrorResume(error -> {
                    LOG.warn("Durable subscriptions did not hand over cleanly", error);
                    return Mono.empty();
                })
                .then(store.close())
                .then(cache.close())
                .then(pool)
                .doOnError(error -> LOG.warn("Event store did not close cleanly", error))
                .doFinally(signal -> callback.run())
                .subscribe(done -> { }, error -> { });
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
