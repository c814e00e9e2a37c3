package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class CoalescedTaskTest {

    @Test
    void requestsDuringARunCollapseIntoOneFollowUp() {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        Sinks.Many<Boolean> gate = Sinks.many().multicast().directBestEffort();
        CoalescedTask task = new CoalescedTask("test", () -> Mono.fromRunnable(() -> {
            runs.incrementAndGet();
            assertThat(running.incrementAndGet()).isEqualTo(1);
        }).then(gate.asFlux().next().then()).then(Mono.fromRunnable(running::decrementAndGet)));

        task.request();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1 && gate.currentSubscriberCount() == 1);
        for (int i = 0; i < 10; i++) {
            task.request();
        }
        assertThat(runs.get()).isEqualTo(1);
        gate.tryEmitNext(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2 && gate.currentSubscriberCount() == 1);
        gate.tryEmitNext(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 0);
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void aFailedRunDoesNotStopLaterRequests() {
        AtomicInteger runs = new AtomicInteger();
        CoalescedTask task = new CoalescedTask("test", () -> runs.incrementAndGet() == 1 ? Mono.error(new IllegalStateException("boom")) : Mono.empty());
        task.request();
        task.request();
        assertThat(runs.get()).isEqualTo(2);
    }
}
