package io.github.beatbrackerz.eventstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class BoundedQueueTest {

    @Test
    void refusesElementsBeyondItsCapacityAndTakesMoreOnceDrained() {
        BoundedQueue<Integer> queue = new BoundedQueue<>(100);
        for (int i = 0; i < 100; i++) {
            assertThat(queue.offer(i)).isTrue();
        }
        assertThat(queue.offer(100)).isFalse();
        assertThat(queue.size()).isEqualTo(100);
        assertThat(queue.poll()).isZero();
        assertThat(queue.offer(100)).isTrue();
        assertThat(queue.peek()).isEqualTo(1);
        queue.clear();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void boundsAUnicastSinkLikeABoundedArrayQueue() {
        Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer(new BoundedQueue<>(3));
        assertThat(sink.tryEmitNext(1)).isEqualTo(Sinks.EmitResult.OK);
        assertThat(sink.tryEmitNext(2)).isEqualTo(Sinks.EmitResult.OK);
        assertThat(sink.tryEmitNext(3)).isEqualTo(Sinks.EmitResult.OK);
        assertThat(sink.tryEmitNext(4).isFailure()).isTrue();
        sink.tryEmitComplete();
        StepVerifier.create(sink.asFlux()).expectNext(1, 2, 3).expectComplete().verify(Duration.ofSeconds(1));
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThatThrownBy(() -> new BoundedQueue<>(0)).isInstanceOf(ValidationException.class).hasMessageContaining("capacity");
    }
}
