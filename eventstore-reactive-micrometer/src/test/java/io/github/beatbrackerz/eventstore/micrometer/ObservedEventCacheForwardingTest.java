package io.github.beatbrackerz.eventstore.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.memory.InMemoryEventCache;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The observed cache forwards every method of the port, defaults included. A default it does not
 * override answers for the delegate without asking it: an observed cache once lost the store epoch
 * that way ({@code epoch}, {@code recordEpoch} and {@code changeEpoch} fell back to "not tied to an
 * epoch"), so a restore went undetected wherever the starter observed the cache.
 */
class ObservedEventCacheForwardingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void everyMethodOfThePortIsOverridden() throws NoSuchMethodException {
        List<String> missing = new java.util.ArrayList<>();
        for (Method method : EventCache.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Method declared = ObservedEventCache.class.getMethod(method.getName(), method.getParameterTypes());
            if (declared.getDeclaringClass() != ObservedEventCache.class) {
                missing.add(method.getName() + Arrays.toString(method.getParameterTypes()));
            }
        }
        assertThat(missing).as("EventCache methods ObservedEventCache leaves to the interface's defaults").isEmpty();
    }

    @Test
    void theStoreEpochReachesTheObservedCache() {
        InMemoryEventCache cache = new InMemoryEventCache();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        EventCache observed = EventStoreObservations.observe(cache, observations);

        observed.recordEpoch("epoch-1").as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);
        cache.epoch().as(StepVerifier::create).expectNext("epoch-1").expectComplete().verify(WAIT);
        observed.changeEpoch("epoch-2").as(StepVerifier::create).expectComplete().verify(WAIT);
        observed.epoch().as(StepVerifier::create).expectNext("epoch-2").expectComplete().verify(WAIT);
        assertThat(meters.get("eventstore.cache").tag("operation", "changeEpoch").timer().count()).isEqualTo(1);
    }
}
