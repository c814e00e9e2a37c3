package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Append-to-subscriber latency under steady write load: single-event appends at about 500/s (up
 * to 16 in flight), one live subscriber; each latency runs from the moment the append is
 * subscribed (so it includes the write and its commit) to delivery.
 */
final class SubscriberScenario {

    private static final Duration TICK = Duration.ofMillis(2);

    private SubscriberScenario() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        EventStore store = R2dbcEventStores.builder(servers.pool()).schema(servers.newSchema("subs")).publisher(true).build();
        Map<UUID, Long> started = new ConcurrentHashMap<>();
        int capacity = (int) (settings.subscriberLoad().toMillis() / TICK.toMillis()) + 16;
        long[] latencies = new long[capacity];
        AtomicInteger received = new AtomicInteger();
        Disposable subscription = store.subscribeToEvents().subscribe(event -> record(event, started, latencies, received));
        try {
            awaitLive(store, started, received);
            received.set(0);
            AtomicLong sent = new AtomicLong();
            long start = System.nanoTime();
            Flux.interval(TICK)
                    .take(settings.subscriberLoad())
                    .onBackpressureDrop()
                    .flatMap(tick -> {
                        NewEvent event = BenchEvents.event(BenchEvents.newAggregateId());
                        return Mono.defer(() -> {
                            started.put(event.eventId(), System.nanoTime());
                            sent.incrementAndGet();
                            return store.appendEvent(event);
                        });
                    }, 16)
                    .blockLast(settings.subscriberLoad().plusMinutes(2));
            double rate = sent.get() * 1e9 / (System.nanoTime() - start);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.get() < sent.get() && System.nanoTime() < deadline) {
                Mono.delay(Duration.ofMillis(20)).block();
            }
            int count = Math.min(received.get(), latencies.length);
            if (count < sent.get()) {
                throw new IllegalStateException("subscriber received " + count + " of " + sent.get() + " events within 30 s");
            }
            Measure.Percentiles p = Measure.Percentiles.of(latencies, count);
            String name = String.format("append-to-subscriber under load (%.0f appends/s, %d events)", rate, count);
            return List.of(
                    Row.info(name, "p50 ms", p.p50(), Double.NaN, Double.NaN),
                    Row.atMost(name, "p99 ms", p.p99(), Double.NaN, p.p99(), 50));
        } finally {
            subscription.dispose();
            store.close().block(Duration.ofSeconds(30));
        }
    }

    private static void record(RecordedEvent event, Map<UUID, Long> started, long[] latencies, AtomicInteger received) {
        Long start = started.remove(event.id());
        if (start == null) {
            return;
        }
        long latency = System.nanoTime() - start;
        // one subscriber thread delivers in order; the write happens-before the counter bump the driver reads
        int slot = received.get();
        if (slot < latencies.length) {
            latencies[slot] = latency;
        }
        received.incrementAndGet();
    }

    /** Appends probes until one is delivered: the listener is up once a probe arrives. */
    private static void awaitLive(EventStore store, Map<UUID, Long> started, AtomicInteger received) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.get() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the subscription delivered nothing within 30 s");
            }
            NewEvent probe = BenchEvents.event(BenchEvents.newAggregateId());
            started.put(probe.eventId(), System.nanoTime());
            store.appendEvent(probe).block(Duration.ofSeconds(30));
            Mono.delay(Duration.ofMillis(100)).block();
        }
    }
}
