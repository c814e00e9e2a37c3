package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.durable.EventBatchHandler;
import io.github.beatbrackerz.eventstore.durable.EventHandler;
import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.durable.spi.DurableStore;
import io.github.beatbrackerz.eventstore.durable.spi.EventLagProbe;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentStatus;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The one implementation of {@link DurableSubscriptions}, over a storage port: adapters hand it
 * their {@link DurableStore} and {@link EventLagProbe}. Each started subscription is a {@link
 * Coordinator}; one name runs at most once per instance of this class.
 */
public final class DefaultDurableSubscriptions implements DurableSubscriptions {

    private static final Logger LOG = Loggers.getLogger(DefaultDurableSubscriptions.class);

    private final EventStore events;
    private final DurableStore store;
    private final EventLagProbe lag;
    private final String instance;
    private final Map<String, Coordinator> running = new ConcurrentHashMap<>();
    private final ParkedReplays replays;

    /**
     * Does no I/O.
     *
     * @param events the store whose feed the subscriptions read
     * @param store where checkpoints, leases and parked events are kept
     * @param lag measures lag for the status
     * @param instance names this instance in owner ids (a random suffix is added per start)
     */
    public DefaultDurableSubscriptions(EventStore events, DurableStore store, EventLagProbe lag, String instance) {
        this.events = Require.notNull("events", events);
        this.store = Require.notNull("store", store);
        this.lag = Require.notNull("lag", lag);
        this.instance = Require.name("instance", instance);
        this.replays = new ParkedReplays(events, store.deadLetters());
    }

    @Override
    public Mono<DurableSubscription> start(DurableSubscriptionSpec spec, EventHandler handler) {
        return start(spec, HandlerDelivery.perEvent(Require.notNull("handler", handler)));
    }

    @Override
    public Mono<DurableSubscription> startBatches(DurableSubscriptionSpec spec, EventBatchHandler handler) {
        return start(spec, HandlerDelivery.batches(Require.notNull("handler", handler)));
    }

    /**
     * Starts a subscription with any delivery, as {@link #start(DurableSubscriptionSpec, EventHandler)}.
     *
     * @param spec the subscription
     * @param delivery how its events are applied
     * @return lazy; emits the running subscription once its name is registered
     */
    public Mono<DurableSubscription> start(DurableSubscriptionSpec spec, Delivery delivery) {
        Require.notNull("spec", spec);
        Require.notNull("delivery", delivery);
        return Mono.defer(() -> local(spec.name()) != null ? Mono.error(alreadyRunning(spec.name()))
                : resolve(spec.start()).flatMap(start -> store.registry().register(spec.name(), spec.segments(), start))
                        .then(Mono.fromCallable(() -> launch(spec, delivery))));
    }

    private DurableSubscription launch(DurableSubscriptionSpec spec, Delivery delivery) {
        String owner = instance + "-" + UUID.randomUUID().toString().substring(0, 8);
        Coordinator coordinator = new Coordinator(spec, delivery, store, new SegmentRunner(spec, delivery, store, events), owner,
                this::status);
        Coordinator previous = running.merge(spec.name(), coordinator, (old, fresh) -> old.hasEnded() ? fresh : old);
        if (previous != coordinator) {
            throw alreadyRunning(spec.name());
        }
        coordinator.start();
        LOG.info("durable subscription '{}' started as {}: {}", spec.name(), owner, spec);
        return coordinator;
    }

    @Override
    public Mono<Void> pause(String name) {
        DurableSubscriptionSpec.checkName(name);
        return Mono.defer(() -> store.registry().pause(name)).flatMap(count -> count == 0 ? Mono.error(unknown(name)) : refresh(name));
    }

    @Override
    public Mono<Void> resume(String name) {
        DurableSubscriptionSpec.checkName(name);
        return Mono.defer(() -> store.registry().resume(name)).flatMap(count -> count == 0 ? Mono.error(unknown(name)) : refresh(name));
    }

    @Override
    public Mono<Void> reset(String name, StartPosition to, Mono<Void> clearFirst) {
        DurableSubscriptionSpec.checkName(name);
        Require.notNull("to", to);
        Require.notNull("clearFirst", clearFirst);
        return store.registry().status(name).collectList().flatMap(before -> {
            if (before.isEmpty()) {
                return Mono.error(unknown(name));
            }
            boolean wasPaused = before.stream().anyMatch(SegmentStatus::paused);
            return pause(name)
                    .then(Mono.defer(() -> waitForOtherOwners(name)))
                    .then(resolve(to))
                    .flatMap(position -> store.registry().reset(name, position, 0, true)
                            .doOnNext(segments -> LOG.info("durable subscription '{}' reset to {}", name, position)))
                    .then(Mono.defer(() -> refresh(name)))
                    .then(clearFirst)
                    .then(wasPaused ? Mono.empty() : resume(name));
        });
    }

    /** After a pause, gives segments owned by other instances one lease time to stop. */
    private Mono<Void> waitForOtherOwners(String name) {
        Coordinator here = local(name);
        String owner = here == null ? "" : here.owner();
        return store.registry().status(name).filter(status -> status.leaseHeld() && !owner.equals(status.owner())).hasElements()
                .flatMap(others -> others ? Mono.delay(here == null ? DurableSubscriptionSpec.DEFAULT_LEASE_TIME : here.spec().leaseTime()).then()
                        : Mono.empty());
    }

    @Override
    public Flux<DurableStatus> status(String name) {
        DurableSubscriptionSpec.checkName(name);
        return Flux.defer(() -> {
            Coordinator here = local(name);
            return store.registry().status(name).concatMap(status -> measure(here, status)
                    .map(lagNow -> DurableStatuses.of(status, lagNow.orElse(null), here)));
        });
    }

    private Mono<Optional<DurableStatus.Lag>> measure(@Nullable Coordinator here, SegmentStatus status) {
        if (here == null) {
            return Mono.just(Optional.empty());
        }
        return lag.lag(here.spec().filter(), status.segment(), status.segmentCount(), status.checkpoint())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Flux<ParkedEvent> parked(String name) {
        return store.deadLetters().list(DurableSubscriptionSpec.checkName(name));
    }

    @Override
    public Mono<Boolean> replayParked(String name, long id) {
        DurableSubscriptionSpec.checkName(name);
        return Mono.defer(() -> {
            Coordinator here = local(name);
            if (here == null) {
                return Mono.error(new ValidationException("name", "'" + name + "' does not run on this instance:"
                        + " replay a parked event where the subscription's handler runs"));
            }
            return replays.replay(here.spec(), here.delivery(), id);
        });
    }

    @Override
    public Mono<Boolean> skipParked(String name, long id) {
        return store.deadLetters().skip(DurableSubscriptionSpec.checkName(name), id);
    }

    @Override
    public Mono<Void> close() {
        return Flux.defer(() -> Flux.fromIterable(running.values())).flatMap(Coordinator::stop).then();
    }

    private Mono<Void> refresh(String name) {
        Coordinator here = local(name);
        return here == null ? Mono.empty() : here.refresh();
    }

    private @Nullable Coordinator local(String name) {
        Coordinator coordinator = running.get(name);
        // Only an ended coordinator is forgotten: one being launched has no loop yet and must stay registered.
        if (coordinator != null && coordinator.hasEnded()) {
            running.remove(name, coordinator);
            return null;
        }
        return coordinator;
    }

    private Mono<Position> resolve(StartPosition start) {
        if (start instanceof StartPosition.After after) {
            return Mono.just(after.position());
        }
        if (start instanceof StartPosition.Now) {
            return events.subscribeToSignals(EventFilter.all()).ofType(SubscriptionSignal.Ready.class).next()
                    .map(SubscriptionSignal.Ready::startsAfter);
        }
        return Mono.just(Position.BEGINNING);
    }

    private static ValidationException unknown(String name) {
        return new ValidationException("name", "'" + name + "' is not a registered durable subscription");
    }

    private static ValidationException alreadyRunning(String name) {
        return new ValidationException("name", "'" + name + "' already runs on this instance; stop it first");
    }
}
