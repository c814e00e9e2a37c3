package io.github.beatbrackerz.eventstore.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.memory.InMemoryDurableSubscriptions;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class DurableSubscriptionMetersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void gaugesShowTheLagAndTheParkedEventsOfEachSubscription() {
        EventStore store = InMemoryEventStore.create();
        DurableSubscriptions durable = InMemoryDurableSubscriptions.create(store);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DurableSubscriptionMeters gauges = new DurableSubscriptionMeters(durable, List.of("failing", "stuck"), Duration.ofMillis(50));
        gauges.bindTo(meters);
        assertThat(gauge(meters, DurableSubscriptionMeters.PARKED, "failing")).isNaN();

        store.appendEvent(NewEvent.builder().type("OrderCreated").aggregateId("order-1").aggregateType("order").createdBy("test")
                .payload(Map.of("total", 1)).build()).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        DurableSubscription failing = durable.start(DurableSubscriptionSpec.builder("failing")
                .retry(1, Duration.ofMillis(1), Duration.ofMillis(1)).build(), event -> Mono.error(new IllegalStateException("boom"))).block(WAIT);
        DurableSubscription stuck = durable.start(DurableSubscriptionSpec.builder("stuck").build(), event -> Mono.never()).block(WAIT);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gauge(meters, DurableSubscriptionMeters.PARKED, "failing")).isEqualTo(1);
            assertThat(gauge(meters, DurableSubscriptionMeters.LAG, "stuck")).isEqualTo(1);
            assertThat(gauge(meters, DurableSubscriptionMeters.PARKED, "stuck")).isZero();
        });
        assertThat(meters.get(DurableSubscriptionMeters.LAG_TIME).tag("subscription", "stuck").timeGauge().value(TimeUnit.SECONDS))
                .isPositive();

        gauges.dispose();
        assertThat(gauges.isDisposed()).isTrue();
        stuck.dispose();
        failing.stop().then(durable.close()).then(store.close()).as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    private static double gauge(SimpleMeterRegistry meters, String name, String subscription) {
        return meters.get(name).tag("subscription", subscription).gauge().value();
    }

    @Test
    void theIntervalMustBePositive() {
        DurableSubscriptions durable = InMemoryDurableSubscriptions.create(InMemoryEventStore.create());
        assertThatThrownBy(() -> new DurableSubscriptionMeters(durable, List.of("a"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("interval must be positive, was PT0S");
    }
}
