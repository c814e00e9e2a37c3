package io.github.beatbrackerz.eventstore.r2dbc;

import java.util.function.BooleanSupplier;
import java.util.ArrayList;
import io.github.beatbrackerz.eventstore.tck.TestEvents;
import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;

/** Writers and settings shared by the multi-instance durable subscription tests. */
final class DurableWorkload {

    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration RENEW = Duration.ofMillis(250);
    private static final int MAX_ROUNDS = 200;

    private DurableWorkload() {
    }

    /** @return a spec with short leases, quick retries and frequent checkpoints */
    static DurableSubscriptionSpec.Builder spec(String name, int segments) {
        return DurableSubscriptionSpec.builder(name).segments(segments).leaseTime(LEASE).renewInterval(RENEW)
                .retry(10, Duration.ofMillis(20), Duration.ofMillis(500))
                .checkpointEvery(20, Duration.ofMillis(200))
                .batches(20, Duration.ofMillis(5));
    }

    /** @return a store that only writes (no live feed), on the test database's pool */
    static EventStore writer(PostgresTestDatabase db, String schema) {
        return R2dbcEventStores.builder(db.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
    }

    /**
     * Appends {@code perStream} events to each of {@code streams} streams, one append per event,
     * from {@code writers} concurrent writers (each stream written by one writer, in order).
     *
     * @return the stored events
     */
    static List<RecordedEvent> write(EventStore writer, String prefix, int streams, int perStream, int writers) {
        return Objects.requireNonNull(Flux.range(0, streams)
                .flatMap(stream -> Flux.range(1, perStream).concatMap(n -> writer.appendEvent(event(prefix + stream, n))), writers)
                .collectList()
                .block(DurableNode.TIMEOUT));
    }

    /**
     * Appends rounds of one event per stream ({@code writers} streams at once; a round ends before the next begins, so
     * each stream is written in order) until {@code stop} says so, and at least {@code minPerStream} rounds: a workload
     * that lasts as long as a fault test needs batches in flight, however fast the subscribers are. At most
     * {@value #MAX_ROUNDS} rounds.
     *
     * @return the stored events, the same number per stream
     */
    static List<RecordedEvent> writeUntil(EventStore writer, String prefix, int streams, int minPerStream, BooleanSupplier stop,
            int writers) {
        List<RecordedEvent> written = new ArrayList<>();
        for (int round = 1; round <= MAX_ROUNDS && (round <= minPerStream || !stop.getAsBoolean()); round++) {
            int n = round;
            written.addAll(Objects.requireNonNull(Flux.range(0, streams)
                    .flatMap(stream -> writer.appendEvent(event(prefix + stream, n)), writers)
                    .collectList()
                    .block(DurableNode.TIMEOUT)));
        }
        return written;
    }

    static NewEvent event(String stream, int n) {
        return TestEvents.event(stream, "counter", "Counted", Map.of("n", n));
    }

    /** @return how many segments each owner holds right now */
    static Map<String, Long> heldPerOwner(List<DurableStatus> status) {
        return status.stream().filter(DurableStatus::leaseHeld)
                .collect(Collectors.groupingBy(segment -> String.valueOf(segment.owner()), Collectors.counting()));
    }
}
