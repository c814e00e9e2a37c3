package io.github.beatbrackerz.eventstore.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurableSubscriptionSpecTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        DurableSubscriptionSpec spec = DurableSubscriptionSpec.builder("order-summaries.v2").build();
        assertThat(spec.segments()).isEqualTo(1);
        assertThat(spec.leaseTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.renewInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(spec.maxAttempts()).isEqualTo(5);
        assertThat(spec.minBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(spec.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.handlerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.checkpointEvery()).isEqualTo(1_000);
        assertThat(spec.checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.maxBatchSize()).isEqualTo(100);
        assertThat(spec.start()).isEqualTo(StartPosition.beginning());
    }

    @Test
    void aNameMustMatchThePattern() {
        assertThatThrownBy(() -> DurableSubscriptionSpec.builder("Orders!")).isInstanceOf(ValidationException.class)
                .hasMessage("name must match [a-z0-9_.-]{1,100}, was 'Orders!'");
        assertThatThrownBy(() -> DurableSubscriptionSpec.builder("")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> DurableSubscriptionSpec.builder("a".repeat(101))).isInstanceOf(ValidationException.class);
    }

    @Test
    void theRenewIntervalIsAtMostAThirdOfTheLeaseTime() {
        assertThatThrownBy(() -> DurableSubscriptionSpec.builder("s").leaseTime(Duration.ofSeconds(3))
                .renewInterval(Duration.ofMillis(1001)).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("renewInterval must be at most a third of leaseTime (PT3S), was PT1.001S");
        assertThat(DurableSubscriptionSpec.builder("s").leaseTime(Duration.ofSeconds(3)).renewInterval(Duration.ofSeconds(1)).build()
                .renewInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void badNumbersAndDurationsNameTheirField() {
        DurableSubscriptionSpec.Builder builder = DurableSubscriptionSpec.builder("s");
        assertField(() -> builder.segments(257), "segments");
        assertField(() -> builder.segments(0), "segments");
        assertField(() -> builder.leaseTime(Duration.ofMillis(99)), "leaseTime");
        assertField(() -> builder.retry(0, Duration.ofMillis(1), Duration.ofMillis(1)), "maxAttempts");
        assertField(() -> builder.retry(3, Duration.ZERO, Duration.ofMillis(1)), "minBackoff");
        assertField(() -> builder.handlerTimeout(Duration.ZERO), "handlerTimeout");
        assertField(() -> builder.handlerTimeout(Duration.ofHours(2)), "handlerTimeout");
        assertField(() -> builder.checkpointEvery(0, Duration.ofSeconds(1)), "checkpointEvery");
        assertField(() -> builder.batches(10, Duration.ZERO), "maxBatchWait");
        assertField(() -> DurableSubscriptionSpec.builder("s").retry(3, Duration.ofSeconds(2), Duration.ofSeconds(1)).build(), "maxBackoff");
    }

    private static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOf(ValidationException.class)
                .satisfies(error -> assertThat(((ValidationException) error).field()).isEqualTo(field));
    }
}
