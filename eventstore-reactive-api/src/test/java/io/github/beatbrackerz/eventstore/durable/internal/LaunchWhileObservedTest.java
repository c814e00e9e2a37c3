package io.github.beatbrackerz.eventstore.durable.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.memory.InMemoryDurableSubscriptions;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A subscription being launched while another thread reads its status (a metrics poller, a
 * health check) stays registered as this instance's: it was once dropped from the instance's
 * registry in the moment between registration and the start of its loop, after which its lag was
 * never measured again and a second start of the same name was accepted.
 */
class LaunchWhileObservedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LAUNCHES = 50;

    @Test
    void aSubscriptionStartedWhileItsStatusIsPolledStaysThisInstancesAndCannotStartTwice() throws InterruptedException {
        for (int attempt = 0; attempt < LAUNCHES; attempt++) {
            int launch = attempt;
            EventStore store = InMemoryEventStore.create();
            DurableSubscriptions durable = InMemoryDurableSubscriptions.create(store);
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread poller = new Thread(() -> {
                while (polling.get()) {
                    durable.status("observed").collectList().block(WAIT);
                }
            }, "status-poller");
            poller.start();
            DurableSubscription running;
            try {
                running = durable.start(DurableSubscriptionSpec.builder("observed").build(), event -> Mono.empty()).block(WAIT);
            } finally {
                polling.set(false);
                poller.join(WAIT.toMillis());
            }

            // Once its segment is claimed, the status says this instance runs it (a dropped coordinator never does).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(durable.status("observed").collectList().block(WAIT))
                    .as("launch %d", launch).isNotEmpty().allSatisfy(segment -> assertThat(segment.local()).isTrue()));
            durable.start(DurableSubscriptionSpec.builder("observed").build(), event -> Mono.empty())
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(error -> assertThat(error).as("launch %d", launch)
                            .isInstanceOf(ValidationException.class).hasMessageContaining("already runs"))
                    .verify(WAIT);
            running.stop().then(durable.close()).then(store.close()).as(StepVerifier::create).expectComplete().verify(WAIT);
        }
    }
}
