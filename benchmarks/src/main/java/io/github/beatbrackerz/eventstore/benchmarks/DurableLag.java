package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import java.time.Duration;
import java.util.ArrayList;
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
 * Delivery lag of durable subscriptions under steady load: single-event appends at up to 500/s
 * (at most 16 in flight, as {@link SubscriberScenario}), one store with a live
 * {@code subscribeToEvents()} subscriber (the baseline), a durable subscription with a per-event
 * handler and one with a per-batch handler (default spec: 1 segment, checkpoints every 1,000
 * events or 1 s, batches of up to 100 waiting at most 10 ms). Lag runs from the moment an
 * append's {@code Mono} completed (commit acknowledged) to the handler's call, 0 if earlier.
 */
final class DurableLag {

    private static final Duration TICK = Duration.ofMillis(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DurableLag() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        String schema = servers.newSchema("durable_lag");
        EventStore store = R2dbcEventStores.builder(servers.pool()).schema(schema).build();
        R2dbcDurableSubscriptions durable = R2dbcDurableSubscriptions.create(store, servers.pool(), schema, "bench");
        Map<UUID, Long> live = new ConcurrentHashMap<>();
        Map<UUID, Long> perEvent = new ConcurrentHashMap<>();
        Map<UUID, Long> perBatch = new ConcurrentHashMap<>();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        Disposable liveSubscription = store.subscribeToEvents().subscribe(event -> live.put(event.id(), System.nanoTime()), failure::set);
        List<DurableSubscription> subscriptions = new ArrayList<>();
        try {
            subscriptions.add(durable.start(spec("lag-per-event"), event -> {
                perEvent.put(event.id(), System.nanoTime());
                return Mono.empty();
            }).block(TIMEOUT));
            subscriptions.add(durable.startBatches(spec("lag-per-batch"), events -> {
                long now = System.nanoTime();
                events.forEach(event -> perBatch.put(event.id(), now));
                return Mono.empty();
            }).block(TIMEOUT));
            awaitLive(store, List.of(live, perEvent, perBatch));
            // untimed load first, so that every delivery path is JIT-compiled when measured
            load(store, settings.warmup(), new ConcurrentHashMap<>());
            Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            load(store, settings.subscriberLoad(), acknowledged);
            double rate = acknowledged.size() * 1e9 / (System.nanoTime() - start);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!(live.keySet().containsAll(acknowledged.keySet()) && perEvent.keySet().containsAll(acknowledged.keySet())
                    && perBatch.keySet().containsAll(acknowledged.keySet())) && System.nanoTime() < deadline) {
                Mono.delay(Duration.ofMillis(20)).block();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("the live subscription failed", failure.get());
            }
            Lag baseline = Lag.of(acknowledged, live);
            Lag event = Lag.of(acknowledged, perEvent);
            Lag batch = Lag.of(acknowledged, perBatch);
            String load = String.format(" (%.0f appends/s, %,d events; baseline: live subscribeToEvents, same events)", rate, acknowledged.size());
            List<Row> rows = new ArrayList<>();
            rows.addAll(event.rows("durable delivery lag, commit-acknowledged to per-event handler" + load, baseline));
            rows.addAll(batch.rows("durable delivery lag, commit-acknowledged to per-batch handler" + load, baseline));
            rows.add(new Row("durable delivery lag: events not delivered 30 s after the load (of " + acknowledged.size()
                    + ", live + per-event + per-batch)", "undelivered", event.missing + batch.missing + baseline.missing, Double.NaN,
                    event.missing + batch.missing + baseline.missing, "= 0", event.missing + batch.missing + baseline.missing == 0,
                    event.missing + batch.missing + baseline.missing == 0 ? 1 : 0));
            return rows;
        } finally {
            subscriptions.forEach(subscription -> subscription.stop().block(Duration.ofMinutes(1)));
            liveSubscription.dispose();
            store.close().block(TIMEOUT);
        }
    }

    private static DurableSubscriptionSpec spec(String prefix) {
        return DurableSubscriptionSpec.builder(DurablePasses.freshName(prefix)).start(StartPosition.now()).build();
    }

    /** Appends probes until every subscriber has received one: each is live then. */
    private static void awaitLive(EventStore store, List<Map<UUID, Long>> delivered) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (delivered.stream().anyMatch(Map::isEmpty)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a subscriber received nothing within " + TIMEOUT);
            }
            store.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())).block(TIMEOUT);
            Mono.delay(Duration.ofMillis(100)).block();
        }
    }

    /** Appends one event per tick (at most 16 in flight) and records when each append's {@code Mono} completed. */
    private static void load(EventStore store, Duration duration, Map<UUID, Long> acknowledged) {
        Flux.interval(TICK)
                .take(duration)
                .onBackpressureDrop()
                .flatMap(tick -> {
                    NewEvent event = BenchEvents.event(BenchEvents.newAggregateId());
                    return store.appendEvent(event).doOnSuccess(stored -> acknowledged.put(stored.id(), System.nanoTime()));
                }, 16)
                .blockLast(duration.plusMinutes(2));
    }

    /** One subscriber's lags over the acknowledged events it received, and how many it never received. */
    private record Lag(Measure.Percentiles percentiles, int missing) {

        static Lag of(Map<UUID, Long> acknowledged, Map<UUID, Long> delivered) {
            long[] nanos = new long[acknowledged.size()];
            int n = 0;
            for (Map.Entry<UUID, Long> entry : acknowledged.entrySet()) {
                Long at = delivered.get(entry.getKey());
                if (at != null) {
                    nanos[n++] = Math.max(0, at - entry.getValue());
                }
            }
            return new Lag(Measure.Percentiles.of(nanos, n), acknowledged.size() - n);
        }

        /** p50 and p99 against the baseline's; ratio = baseline / library, as every latency row. */
        List<Row> rows(String name, Lag baseline) {
            return List.of(
                    Row.info(name, "p50 ms", percentiles.p50(), baseline.percentiles.p50(), baseline.percentiles.p50() / percentiles.p50()),
                    Row.info(name, "p99 ms", percentiles.p99(), baseline.percentiles.p99(), baseline.percentiles.p99() / percentiles.p99()));
        }
    }
}
