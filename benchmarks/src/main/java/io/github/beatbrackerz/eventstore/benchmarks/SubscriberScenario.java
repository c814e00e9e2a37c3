package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Append-to-subscriber latency under steady write load: single-event appends at up to 500/s (at
 * most 16 in flight), one live subscriber. The headline latency runs from the moment the append is
 * subscribed (so it includes the write and its commit) to delivery; a second figure runs from the
 * moment the append's {@code Mono} completed (commit acknowledged) to delivery, 0 if earlier.
 */
final class SubscriberScenario {

    private static final Duration TICK = Duration.ofMillis(2);

    private SubscriberScenario() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        EventStore store = R2dbcEventStores.builder(servers.pool()).schema(servers.newSchema("subs")).build();
        Map<UUID, Long> started = new ConcurrentHashMap<>();
        Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();
        Map<UUID, Long> delivered = new ConcurrentHashMap<>();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        Disposable subscription = store.subscribeToEvents().subscribe(event -> delivered.put(event.id(), System.nanoTime()), failure::set);
        try {
            awaitLive(store, delivered);
            delivered.clear();
            long start = System.nanoTime();
            Flux.interval(TICK)
                    .take(settings.subscriberLoad())
                    .onBackpressureDrop()
                    .flatMap(tick -> {
                        NewEvent event = BenchEvents.event(BenchEvents.newAggregateId());
                        return Mono.defer(() -> {
                            started.put(event.eventId(), System.nanoTime());
                            return store.appendEvent(event);
                        }).doOnSuccess(stored -> acknowledged.put(stored.id(), System.nanoTime()));
                    }, 16)
                    .blockLast(settings.subscriberLoad().plusMinutes(2));
            double rate = started.size() * 1e9 / (System.nanoTime() - start);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!delivered.keySet().containsAll(started.keySet()) && System.nanoTime() < deadline) {
                Mono.delay(Duration.ofMillis(20)).block();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("the subscription failed", failure.get());
            }
            // an event never delivered is reported as a row (a delivery bug to chase), not hidden in the percentiles
            List<UUID> arrived = started.keySet().stream().filter(delivered::containsKey).toList();
            int missing = started.size() - arrived.size();
            int n = arrived.size();
            long[] fromStart = new long[n];
            long[] fromAck = new long[n];
            for (int i = 0; i < n; i++) {
                UUID id = arrived.get(i);
                long at = delivered.get(id);
                fromStart[i] = at - started.get(id);
                fromAck[i] = Math.max(0, at - acknowledged.get(id));
            }
            Measure.Percentiles total = Measure.Percentiles.of(fromStart, n);
            Measure.Percentiles afterAck = Measure.Percentiles.of(fromAck, n);
            String name = String.format("append-to-subscriber under load (%.0f appends/s, %d events)", rate, n);
            String ackName = "commit-acknowledged-to-subscriber, same run";
            return List.of(
                    Row.info(name, "p50 ms", total.p50(), Double.NaN, Double.NaN),
                    Row.atMost(name, "p99 ms", total.p99(), Double.NaN, total.p99(), 50),
                    Row.info(ackName, "p50 ms", afterAck.p50(), Double.NaN, Double.NaN),
                    Row.info(ackName, "p99 ms", afterAck.p99(), Double.NaN, Double.NaN),
                    new Row("append-to-subscriber: events not delivered 30 s after the load (of " + started.size() + ")", "events",
                            missing, Double.NaN, missing, "= 0", missing == 0, missing == 0 ? 1 : 0));
        } finally {
            subscription.dispose();
            store.close().block(Duration.ofSeconds(30));
        }
    }

    /** Appends probes until one is delivered: the listener is up once a probe arrives. */
    private static void awaitLive(EventStore store, Map<UUID, Long> delivered) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (delivered.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the subscription delivered nothing within 30 s");
            }
            store.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())).block(Duration.ofSeconds(30));
            Mono.delay(Duration.ofMillis(100)).block();
        }
    }
}
