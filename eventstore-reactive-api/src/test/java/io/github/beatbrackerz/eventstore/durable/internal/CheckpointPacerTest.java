package io.github.beatbrackerz.eventstore.durable.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.model.Position;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The pacer writes beside the handler, conflates, bounds the run-ahead, and passes write failures on. */
class CheckpointPacerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A write function whose writes complete only when the test says so. */
    private static final class Writes {
        final List<Position> started = new CopyOnWriteArrayList<>();
        final List<Sinks.Empty<Void>> pending = new CopyOnWriteArrayList<>();

        Mono<Void> write(Position position) {
            return Mono.defer(() -> {
                Sinks.Empty<Void> done = Sinks.empty();
                started.add(position);
                pending.add(done);
                return done.asMono();
            });
        }

        void completeNext() {
            pending.remove(0).tryEmitEmpty();
        }
    }

    private static Position at(long n) {
        return Position.of(n, n);
    }

    @Test
    void writesAfterEveryEventsAndConflatesWhatIsHandledDuringAWrite() {
        Writes writes = new Writes();
        CheckpointPacer pacer = new CheckpointPacer(writes::write, 10, Duration.ofHours(1));
        for (int n = 1; n <= 9; n++) {
            pacer.handled(at(n), 1);
        }
        assertThat(writes.started).as("fewer than checkpointEvery handled").isEmpty();
        pacer.handled(at(10), 1);
        assertThat(writes.started).containsExactly(at(10));
        for (int n = 11; n <= 35; n++) {
            pacer.admit().as(StepVerifier::create).expectComplete().verify(WAIT);
            pacer.handled(at(n), 1);
        }
        assertThat(writes.started).as("one write in flight at a time").containsExactly(at(10));
        writes.completeNext();
        assertThat(writes.started).as("the next write takes the latest position").containsExactly(at(10), at(35));
        writes.completeNext();
        pacer.finish().as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(writes.started).as("nothing left to store").hasSize(2);
    }

    @Test
    void theHandlerWaitsOnlyWhenTenTimesCheckpointEveryAreUnstored() {
        Writes writes = new Writes();
        CheckpointPacer pacer = new CheckpointPacer(writes::write, 2, Duration.ofHours(1));
        for (int n = 1; n <= 20; n++) {
            pacer.admit().as(StepVerifier::create).expectComplete().verify(WAIT);
            pacer.handled(at(n), 1);
        }
        assertThat(writes.started).containsExactly(at(2));
        StepVerifier.create(pacer.admit())
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(100))
                .then(writes::completeNext)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void batchesCountTheirEvents() {
        Writes writes = new Writes();
        CheckpointPacer pacer = new CheckpointPacer(writes::write, 100, Duration.ofHours(1));
        pacer.handled(at(50), 50);
        assertThat(writes.started).isEmpty();
        pacer.handled(at(100), 50);
        assertThat(writes.started).containsExactly(at(100));
    }

    @Test
    void theIntervalStoresWhatFewEventsLeftUnstored() {
        Writes writes = new Writes();
        CheckpointPacer pacer = new CheckpointPacer(writes::write, 1_000, Duration.ofMillis(50));
        pacer.handled(at(1), 1);
        pacer.handled(at(2), 1);
        await().atMost(WAIT).until(() -> writes.started.equals(List.of(at(2))));
    }

    @Test
    void aFailedWriteFailsTheHandlerAndTheFinish() {
        CheckpointPacer pacer = new CheckpointPacer(position -> Mono.error(new IllegalStateException("refused")), 1,
                Duration.ofHours(1));
        StepVerifier failures = pacer.failures().as(StepVerifier::create).expectErrorMessage("refused").verifyLater();
        pacer.handled(at(1), 1);
        failures.verify(WAIT);
        pacer.admit().as(StepVerifier::create).expectErrorMessage("refused").verify(WAIT);
        pacer.finish().as(StepVerifier::create).expectErrorMessage("refused").verify(WAIT);
    }
}
