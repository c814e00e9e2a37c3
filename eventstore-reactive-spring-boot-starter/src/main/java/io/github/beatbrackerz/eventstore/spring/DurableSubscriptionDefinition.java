package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.EventBatchHandler;
import io.github.beatbrackerz.eventstore.durable.EventHandler;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.TransactionalHandler;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A durable subscription declared as a bean: the starter starts it once the schema is ready and
 * stops it gracefully (handing its segments over to other instances) when the application shuts
 * down. Immutable.
 *
 * <pre>{@code
 * @Bean
 * DurableSubscriptionDefinition orderEmails(Mailer mailer) {
 *     return DurableSubscriptionDefinition.perEvent(
 *             DurableSubscriptionSpec.builder("order-emails").filter(EventFilter.aggregateType("Order")).build(),
 *             event -> mailer.send(event));
 * }
 * }</pre>
 *
 * <p>A read model that needs its own tables declares them with {@link #withSetup(Mono)}: the
 * set-up runs after the store's schema is ready and before the subscription takes its first event.
 */
public final class DurableSubscriptionDefinition {

    private final DurableSubscriptionSpec spec;
    private final Function<R2dbcDurableSubscriptions, Mono<DurableSubscription>> starter;
    private final Mono<Void> setup;

    private DurableSubscriptionDefinition(DurableSubscriptionSpec spec, Function<R2dbcDurableSubscriptions, Mono<DurableSubscription>> starter,
            Mono<Void> setup) {
        this.spec = Objects.requireNonNull(spec, "spec must not be null");
        this.starter = starter;
        this.setup = setup;
    }

    private DurableSubscriptionDefinition(DurableSubscriptionSpec spec, Function<R2dbcDurableSubscriptions, Mono<DurableSubscription>> starter) {
        this(spec, starter, Mono.empty());
    }

    /**
     * A subscription whose handler is called per event, at least once.
     *
     * @param spec the subscription
     * @param handler called for each event; see {@link EventHandler}
     * @return the definition
     * @throws NullPointerException if an argument is null
     */
    public static DurableSubscriptionDefinition perEvent(DurableSubscriptionSpec spec, EventHandler handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        return new DurableSubscriptionDefinition(spec, durable -> durable.start(spec, handler));
    }

    /**
     * A subscription whose handler takes batches, at least once.
     *
     * @param spec the subscription
     * @param handler called for each batch; see {@link EventBatchHandler}
     * @return the definition
     * @throws NullPointerException if an argument is null
     */
    public static DurableSubscriptionDefinition batches(DurableSubscriptionSpec spec, EventBatchHandler handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        return new DurableSubscriptionDefinition(spec, durable -> durable.startBatches(spec, handler));
    }

    /**
     * A subscription with exactly-once effects on a read model in the same database: each batch
     * commits with the checkpoint.
     *
     * @param spec the subscription
     * @param handler applies a batch in the checkpoint's transaction; see {@link TransactionalHandler}
     * @return the definition
     * @throws NullPointerException if an argument is null
     */
    public static DurableSubscriptionDefinition transactional(DurableSubscriptionSpec spec, TransactionalHandler handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        return new DurableSubscriptionDefinition(spec, durable -> durable.startTransactional(spec, handler));
    }

    /**
     * The same subscription with a set-up step, for example creating its read model's tables
     * ({@code CREATE TABLE IF NOT EXISTS ...}). The set-up is subscribed on every {@link
     * #start}, after the store's schema is ready and before the subscription is registered, so
     * it runs before the first event is handed to the handler; it must therefore be idempotent.
     * When it fails, the subscription does not start: {@link #start} errors with an {@link
     * IllegalStateException} naming the subscription, with the set-up's error as its cause (the
     * starter logs it, lists it in {@link EventStoreLifecycle#startFailures()} and the {@code
     * durable} health check reports {@code DOWN}).
     *
     * @param setup lazy; subscribed once per start, completes when the step is done
     * @return a new definition; this one is unchanged. A second call replaces the set-up
     * @throws NullPointerException if {@code setup} is null
     */
    public DurableSubscriptionDefinition withSetup(Mono<Void> setup) {
        Objects.requireNonNull(setup, "setup must not be null");
        return new DurableSubscriptionDefinition(spec, starter, setup);
    }

    /** @return the subscription's spec */
    public DurableSubscriptionSpec spec() {
        return spec;
    }

    /** @return the subscription's name */
    public String name() {
        return spec.name();
    }

    /**
     * Starts the subscription on this instance.
     *
     * @param durable the store's durable subscriptions
     * @return lazy; runs the set-up (if any), then emits the running subscription once registered;
     *     errors as {@link R2dbcDurableSubscriptions#start}, or with an {@link IllegalStateException}
     *     naming the subscription when the set-up failed (the subscription is then not started)
     */
    public Mono<DurableSubscription> start(R2dbcDurableSubscriptions durable) {
        return setup.onErrorMap(error -> new IllegalStateException("durable subscription " + name() + ": set-up failed: " + error, error))
                .then(Mono.defer(() -> starter.apply(durable)));
    }
}
