package io.github.beatbrackerz.eventstore.durable.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import io.github.beatbrackerz.eventstore.error.StorageException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class HandlerRetryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final DurableSubscriptionSpec SPEC = DurableSubscriptionSpec.builder("retry")
            .retry(3, Duration.ofMillis(100), Duration.ofSeconds(1)).build();

    private final AtomicInteger calls = new AtomicInteger();
    private final List<Long> counted = new CopyOnWriteArrayList<>();

    @Test
    void afterMaxAttemptsTheLastFailureIsReportedAsExhausted() {
        StepVerifier.withVirtualTime(() -> failing(new IllegalStateException("boom")).retryWhen(retry(Mono.never())))
                .thenAwait(Duration.ofSeconds(5))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(Failures.RetriesExhausted.class)
                        .hasCauseInstanceOf(IllegalStateException.class))
                .verify(Duration.ofSeconds(5));
        assertThat(calls).hasValue(3);
        assertThat(counted).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aStorageOutageIsRetriedWithoutCounting() {
        AtomicInteger outages = new AtomicInteger(10);
        Mono<Void> call = Mono.defer(() -> {
            calls.incrementAndGet();
            return outages.getAndDecrement() > 0 ? Mono.error(new StorageException("down", null, true)) : Mono.<Void>empty();
        });
        StepVerifier.withVirtualTime(() -> call.retryWhen(retry(Mono.never())))
                .thenAwait(Duration.ofMinutes(1))
                .expectComplete().verify(WAIT);
        assertThat(calls).hasValue(11);
        assertThat(counted).hasSize(10).containsOnly(0L);
    }

    @Test
    void aLostLeaseIsNeverRetried() {
        StepVerifier.create(failing(new LeaseLostException("s", 0, "o", 1)).retryWhen(retry(Mono.never())))
                .expectError(LeaseLostException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(calls).hasValue(1);
    }

    @Test
    void aStopDuringTheBackoffAbandonsTheRetry() {
        Sinks.One<Boolean> stop = Sinks.one();
        StepVerifier.withVirtualTime(() -> failing(new IllegalStateException("boom")).retryWhen(retry(stop.asMono())))
                .expectSubscription()
                .then(() -> stop.tryEmitValue(true))
                .expectError(Failures.Abandoned.class)
                .verify(Duration.ofSeconds(5));
        assertThat(calls).hasValue(1);
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        assertThat(HandlerRetry.backoff(SPEC, 1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(HandlerRetry.backoff(SPEC, 3)).isBetween(Duration.ofMillis(300), Duration.ofMillis(400));
        assertThat(HandlerRetry.backoff(SPEC, 40)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(1));
        assertThat(HandlerRetry.backoff(SPEC, 100)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(1));
    }

    private Mono<Void> failing(Throwable failure) {
        return Mono.defer(() -> {
            calls.incrementAndGet();
            return Mono.error(failure);
        });
    }

    private reactor.util.retry.Retry retry(Mono<?> stopped) {
        return HandlerRetry.of(SPEC, stopped, (failures, failure) -> counted.add(failures));
    }
}
