package io.github.beatbrackerz.eventstore.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.micrometer.DurableSubscriptionMeters;
import io.github.beatbrackerz.eventstore.spring.EventStoreAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EventStoreObservationAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, EventStoreAutoConfiguration.class,
                    EventStoreObservationAutoConfiguration.class))
            .withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://postgres@127.0.0.1:1/none", "eventstore.initialize-schema=false",
                    "eventstore.subscriptions.mode=disabled");

    @Test
    void observesTheStoreWhenThereIsAnObservationRegistry() {
        runner.withBean(ObservationRegistry.class, EventStoreObservationAutoConfigurationTest::withHandler)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context.getBean(EventStore.class).getClass().getSimpleName()).isEqualTo("ObservedEventStore");
                    assertThat(context).hasSingleBean(DurableSubscriptionMeters.class);
                });
    }

    @Test
    void leavesTheStoreAloneWithoutARegistryOrWhenSwitchedOff() {
        runner.run(context -> assertThat(context.getBean(EventStore.class).getClass().getSimpleName()).isNotEqualTo("ObservedEventStore"));
        runner.withBean(ObservationRegistry.class, EventStoreObservationAutoConfigurationTest::withHandler)
                .withPropertyValues("eventstore.observations.enabled=false")
                .run(context -> assertThat(context.getBean(EventStore.class).getClass().getSimpleName()).isNotEqualTo("ObservedEventStore"));
    }

    /** A registry without a handler is a no-op (and the store is rightly left alone); this one has one. */
    private static ObservationRegistry withHandler() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(context -> true);
        return registry;
    }
}
