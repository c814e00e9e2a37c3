package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static io.github.beatbrackerz.eventstore.r2dbc.internal.Ports.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** 16 concurrent appenders write 1,000 events to one aggregate. */
class ConcurrentAppendIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final int WRITERS = 16;
    private static final int EVENTS = 1_000;

    private final Ports ports = Ports.of(DB.connectionFactory(), DB.schema());

    @Test
    void withoutExpectedVersionsTheSequenceIsExactlyOneToOneThousand() {
        StreamId stream = StreamId.of("hot-" + System.nanoTime(), "counter");

        Flux.range(0, EVENTS)
                .flatMap(i -> ports.events().append(new AppendRequest(List.of(event(stream, "Incremented")), ExpectedVersion.any())), WRITERS)
                .then()
                .block(Duration.ofSeconds(120));

        assertThat(sequences(stream)).containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS).boxed().toList());
        assertThat(ports.sequences().currentSequence(stream).block(Duration.ofSeconds(10))).isEqualTo(EVENTS);
        assertThat(DB.acquiredConnections()).isZero();
    }

    @Test
    void withExpectedVersionsExactlyOneWriterWinsEachVersionAndTheOthersGetTheConflict() {
        StreamId stream = StreamId.of("contended-" + System.nanoTime(), "counter");
        Queue<Long> wins = new ConcurrentLinkedQueue<>();
        AtomicLong conflicts = new AtomicLong();
        AtomicLong seen = new AtomicLong();

        Flux.range(0, WRITERS)
                .flatMap(writer -> attempt(stream, wins, conflicts, seen).repeat(() -> seen.get() < EVENTS), WRITERS)
                .then()
                .block(Duration.ofSeconds(300));

        assertThat(wins).hasSize(EVENTS).doesNotHaveDuplicates();
        assertThat(sequences(stream)).containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS).boxed().toList());
        assertThat(conflicts.get()).isPositive();
    }

    @Test
    void multiStreamBatchesInOppositeOrdersDoNotDeadlock() {
        StreamId a = StreamId.of("left-" + System.nanoTime(), "pair");
        StreamId b = StreamId.of("right-" + System.nanoTime(), "pair");

        Flux.range(0, 200)
                .flatMap(i -> ports.events().append(new AppendRequest(i % 2 == 0
                        ? List.of(event(a, "X"), event(b, "X"), event(a, "Y"))
                        : List.of(event(b, "X"), event(a, "X"), event(b, "Y")), ExpectedVersion.any())), WRITERS)
                .then()
                .block(Duration.ofSeconds(120));

        assertThat(sequences(a)).containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
        assertThat(sequences(b)).containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
    }

    private Mono<Void> attempt(StreamId stream, Queue<Long> wins, AtomicLong conflicts, AtomicLong seen) {
        return ports.sequences().currentSequence(stream)
                .doOnNext(seen::set)
                .filter(version -> version < EVENTS)
                .flatMap(version -> ports.events()
                        .append(new AppendRequest(List.of(event(stream, "Incremented")), ExpectedVersion.exactly(version)))
                        .single()
                        .doOnNext(stored -> {
                            assertThat(stored.sequenceNumber()).isEqualTo(version + 1);
                            wins.add(stored.sequenceNumber());
                        })
                        .then()
                        .onErrorResume(ConcurrencyConflictException.class, conflict -> {
                            assertThat(conflict.actualVersion()).isGreaterThan(version);
                            conflicts.incrementAndGet();
                            return Mono.empty();
                        }));
    }

    private List<Long> sequences(StreamId stream) {
        return ports.events().find(EventQuery.forStream(stream)).map(RecordedEvent::sequenceNumber).collectList().block(Duration.ofSeconds(30));
    }
}
