package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Live fan-out: many live subscribers on one store, as a WebFlux service streaming to many SSE
 * clients. Half the subscribers take everything, half filter to one aggregate type; single-event
 * appends tick at 200/s, alternating between that type and another, so a filtered subscriber gets
 * every second event. Latency runs from the moment each append is subscribed to each delivery
 * (every subscriber's, recorded in a histogram). The baseline is the single subscriber's figure
 * of the same run.
 */
final class FanoutScenario {

    private static final Duration TICK = Duration.ofMillis(5);
    private static final String FILTERED_TYPE = BenchEvents.AGGREGATE_TYPE;
    private static final String OTHER_TYPE = "Invoice";

    private FanoutScenario() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        List<Row> rows = new ArrayList<>();
        double[] single = null;
        for (int subscribers : settings.fanoutSubscribers()) {
            Result result = measure(servers, settings, subscribers);
            if (single == null) {
                single = new double[] {result.p50, result.p99};
            }
            String name = String.format("live fan-out, %,d subscribers (%.0f appends/s)", subscribers, result.rate);
            rows.add(Row.info(name, "p50 ms", result.p50, single[0], single[0] / result.p50));
            rows.add(Row.atMost(name, "p99 ms", result.p99, single[1], result.p99, 50));
            rows.add(Row.info(name, "deliveries/s", result.deliveriesPerSecond, Double.NaN, Double.NaN));
            rows.add(new Row(name + ": deliveries missing 30 s after the load (of " + result.expected + ")", "deliveries",
                    result.missing, Double.NaN, result.missing, "= 0", result.missing == 0, result.missing == 0 ? 1 : 0));
        }
        return rows;
    }

    private static Result measure(BenchServers servers, BenchSettings settings, int subscribers) {
        // Buffers sized for the burst a 10,000-subscriber run can queue behind one slow page.
        SubscriptionOptions options = SubscriptionOptions.builder().bufferSize(65_536).build();
        EventStore store = R2dbcEventStores.builder(servers.pool()).schema(servers.newSchema("fanout"))
                .subscriptions(SubscriptionMode.listenNotify(options)).build();
        Map<UUID, Long> started = new ConcurrentHashMap<>();
        LatencyHistogram latencies = new LatencyHistogram();
        LongAdder delivered = new LongAdder();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(subscribers);
        List<Disposable> subscriptions = new ArrayList<>(subscribers);
        try {
            for (int i = 0; i < subscribers; i++) {
                EventFilter filter = i % 2 == 0 ? EventFilter.all() : EventFilter.aggregateType(FILTERED_TYPE);
                subscriptions.add(store.subscribeToSignals(filter).subscribe(signal -> {
                    if (signal instanceof RecordedEvent event) {
                        Long at = started.get(event.id());
                        if (at != null) {
                            latencies.record(System.nanoTime() - at);
                            delivered.increment();
                        }
                    } else if (signal instanceof SubscriptionSignal.Ready) {
                        ready.countDown();
                    }
                }, failure::set));
            }
            await(ready);
            // Untimed load first, so that the delivery path is JIT-compiled when measured.
            load(store, settings.warmup(), new ConcurrentHashMap<>());
            long start = System.nanoTime();
            LongAdder filteredAppends = load(store, settings.subscriberLoad(), started);
            double seconds = (System.nanoTime() - start) / 1e9;
            int appended = started.size();
            long expected = (long) appended * ((subscribers + 1) / 2) + filteredAppends.sum() * (subscribers / 2);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.sum() < expected && System.nanoTime() < deadline && failure.get() == null) {
                Mono.delay(Duration.ofMillis(20)).block();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a subscriber failed", failure.get());
            }
            long received = delivered.sum();
            return new Result(appended / seconds, latencies.percentileMillis(0.50), latencies.percentileMillis(0.99),
                    received / seconds, expected, expected - received);
        } finally {
            subscriptions.forEach(Disposable::dispose);
            store.close().block(Duration.ofSeconds(30));
        }
    }

    /**
     * Appends one event per tick, alternating aggregate types, and records each append's start.
     *
     * @return how many of the appended events have the filtered aggregate type
     */
    private static LongAdder load(EventStore store, Duration duration, Map<UUID, Long> started) {
        LongAdder filtered = new LongAdder();
        Flux.interval(TICK)
                .take(duration)
                .onBackpressureDrop()
                .flatMap(tick -> {
                    boolean matches = tick % 2 == 0;
                    NewEvent event = BenchEvents.event(BenchEvents.newAggregateId(), matches ? FILTERED_TYPE : OTHER_TYPE);
                    return Mono.defer(() -> {
                        started.put(event.eventId(), System.nanoTime());
                        if (matches) {
                            filtered.increment();
                        }
                        return store.appendEvent(event);
                    });
                }, 16)
                .blockLast(duration.plusMinutes(2));
        return filtered;
    }

    private static void await(CountDownLatch ready) {
        try {
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("subscriptions not ready within 60 s: " + ready.getCount() + " left");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Result(double rate, double p50, double p99, double deliveriesPerSecond, long expected, long missing) {
    }
}
