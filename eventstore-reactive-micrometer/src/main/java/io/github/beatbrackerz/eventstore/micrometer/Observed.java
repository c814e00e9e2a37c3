package io.github.beatbrackerz.eventstore.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Wraps one {@code Mono} or {@code Flux} in one {@link Observation} per subscription. The parent
 * is the observation found in the subscriber's Reactor context under {@link #CONTEXT_KEY} (where
 * Spring WebFlux and Reactor's context propagation keep it), and the new observation is put there
 * for the work upstream, so a cache call becomes a child of the read that made it. The observation
 * stops once, on the first terminal signal or cancellation, with its {@code outcome} tag set.
 */
final class Observed {

    /** The key of the current observation in a Reactor context ({@code ObservationThreadLocalAccessor.KEY}). */
    static final String CONTEXT_KEY = "micrometer.observation";

    private final ObservationRegistry registry;

    Observed(ObservationRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param name the observation name
     * @param operation the {@code operation} tag
     * @param source the work, assembled already (so argument errors were thrown at call time)
     * @param outcome names the outcome of a value, or of an empty completion ({@code null})
     * @param failure names the outcome of an error
     * @param cancelled the outcome of a cancellation
     */
    <T> Mono<T> mono(String name, String operation, Mono<T> source, Function<@Nullable T, String> outcome,
            Function<Throwable, String> failure, String cancelled) {
        return Mono.deferContextual(context -> {
            Stopper stopper = new Stopper(start(name, operation, context));
            return source.doOnSuccess(value -> stopper.stop(outcome.apply(value), null))
                    .doOnError(error -> stopper.stop(failure.apply(error), error))
                    .doOnCancel(() -> stopper.stop(cancelled, null))
                    .contextWrite(upstream -> upstream.put(CONTEXT_KEY, stopper.observation));
        });
    }

    /**
     * @param name the observation name
     * @param operation the {@code operation} tag
     * @param source the work, assembled already
     * @param failure names the outcome of an error
     */
    <T> Flux<T> flux(String name, String operation, Flux<T> source, Function<Throwable, String> failure) {
        return Flux.deferContextual(context -> {
            Stopper stopper = new Stopper(start(name, operation, context));
            return source.doOnComplete(() -> stopper.stop(EventStoreObservations.OUTCOME_SUCCESS, null))
                    .doOnError(error -> stopper.stop(failure.apply(error), error))
                    .doOnCancel(() -> stopper.stop(EventStoreObservations.OUTCOME_CANCELLED, null))
                    .contextWrite(upstream -> upstream.put(CONTEXT_KEY, stopper.observation));
        });
    }

    private Observation start(String name, String operation, ContextView context) {
        Object parent = context.getOrDefault(CONTEXT_KEY, null);
        return Observation.createNotStarted(name, registry)
                .parentObservation(parent instanceof Observation observation ? observation : null)
                .contextualName(name + " " + operation)
                .lowCardinalityKeyValue(EventStoreObservations.TAG_OPERATION, operation)
                .start();
    }

    /** Stops an observation at most once. */
    private static final class Stopper {
        final Observation observation;
        private final AtomicBoolean stopped = new AtomicBoolean();

        Stopper(Observation observation) {
            this.observation = observation;
        }

        void stop(String outcome, @Nullable Throwable error) {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            observation.lowCardinalityKeyValue(EventStoreObservations.TAG_OUTCOME, outcome);
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
        }
    }
}
