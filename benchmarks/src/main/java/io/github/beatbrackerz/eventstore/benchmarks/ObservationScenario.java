package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.CacheConsistency;
import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * What the Micrometer observations cost (issue 16, item 6): the same store with and without
 * {@code EventStoreObservations.observe}, on the same schema and pool, sides alternating. The
 * observed side records every observation as timers in a {@link SimpleMeterRegistry} through
 * Micrometer's {@link DefaultMeterObservationHandler}, which is what the starter configures with
 * a registry present; no tracing bridge is attached. With a no-op registry {@code observe} returns
 * the store itself, so "no registry" costs nothing by construction and is not measured.
 */
final class ObservationScenario {

    private static final Duration CLOSE = Duration.ofSeconds(30);
    static final double TARGET = 0.95;

    private ObservationScenario() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        String schema = servers.newSchema("observe");
        MeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        EventStore plain = R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        EventStore observed = EventStoreObservations.observe(plain, observations, meters);
        // a 5 % target needs more rounds than the raw comparisons: as many as the Axon peer's
        int rounds = Math.max(settings.rounds(), settings.axonRounds());
        List<Row> rows = new ArrayList<>();
        try {
            double[] batch = Measure.medianThroughputs(1, settings.warmup(), settings.round(), rounds,
                    Measure.reactive(() -> observed.appendEvents(BenchEvents.batch(BenchEvents.newAggregateId(), 100)).count().map(Long::intValue)),
                    Measure.reactive(() -> plain.appendEvents(BenchEvents.batch(BenchEvents.newAggregateId(), 100)).count().map(Long::intValue)));
            rows.add(Row.throughput("observed batch append, 100 events/call, 1 caller (baseline: unobserved)", batch[0], batch[1], TARGET));
            double[] single = Measure.medianThroughputs(16, settings.warmup(), settings.round(), rounds,
                    Measure.reactive(() -> observed.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())).thenReturn(1)),
                    Measure.reactive(() -> plain.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())).thenReturn(1)));
            rows.add(Row.throughput("observed single-event append, 16 callers (baseline: unobserved)", single[0], single[1], TARGET));

            String id = BenchEvents.newAggregateId();
            plain.appendEvents(BenchEvents.batch(id, 100)).blockLast(CLOSE);
            Measure.Percentiles[] read = Measure.latency(settings.warmup(), settings.readSamples(),
                    () -> observed.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList(),
                    () -> plain.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList());
            rows.add(Row.latency("observed aggregate read, 100 events (baseline: unobserved)", "p50 ms", read[0].p50(), read[1].p50(), TARGET));
            rows.add(Row.info("observed aggregate read, 100 events (baseline: unobserved)", "p99 ms", read[0].p99(), read[1].p99(),
                    read[1].p99() / read[0].p99()));
            rows.addAll(cachedRead(servers, settings, schema, id, observations, meters));
            rows.add(cpuPerCall(settings, observations, meters));
        } finally {
            plain.close().block(CLOSE);
        }
        return rows;
    }

    /**
     * The observations' own cost, without I/O to hide behind or noise from it: CPU time per read
     * of an empty stream from the in-memory store, observed and not, on this thread, sides
     * alternating. The difference is what every observed call adds.
     */
    private static Row cpuPerCall(BenchSettings settings, ObservationRegistry observations, MeterRegistry meters) {
        EventStore plain = InMemoryEventStore.create();
        EventStore observed = EventStoreObservations.observe(plain, observations, meters);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int calls = settings.readSamples() * 10;
        double[][] micros = new double[2][Math.max(settings.rounds(), 3)];
        for (int round = -1; round < micros[0].length; round++) {
            for (int side = 0; side < 2; side++) {
                EventStore store = (round + side) % 2 == 0 ? observed : plain;
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    store.getAggregateEvents("absent", BenchEvents.AGGREGATE_TYPE).then().block(CLOSE);
                }
                if (round >= 0) { // round -1 warms both sides up
                    micros[store == observed ? 0 : 1][round] = (threads.getCurrentThreadCpuTime() - start) / 1e3 / calls;
                }
            }
        }
        double observedMicros = Measure.median(micros[0]);
        double plainMicros = Measure.median(micros[1]);
        return Row.info("observation CPU per call, no I/O: in-memory read of an empty stream (baseline: unobserved)",
                "CPU µs/call", observedMicros, plainMicros, plainMicros / observedMicros);
    }

    /** The TRUST_CACHE read, where the store's own work is smallest, so the observations' share is largest. */
    private static List<Row> cachedRead(BenchServers servers, BenchSettings settings, String schema, String id,
            ObservationRegistry observations, MeterRegistry meters) {
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        RedisEventCache cache = RedisEventCaches.standalone(servers.redisUrl(), RedisCacheOptions.builder().keyPrefix(prefix).build());
        EventStore plain = trusting(servers, schema, cache);
        EventStore observed = EventStoreObservations.observe(trusting(servers, schema, EventStoreObservations.observe(cache, observations)),
                observations, meters);
        try {
            plain.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).then().block(CLOSE);
            Measure.Percentiles[] read = Measure.latency(settings.warmup(), settings.readSamples(),
                    () -> observed.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList(),
                    () -> plain.getAggregateEvents(id, BenchEvents.AGGREGATE_TYPE).collectList());
            String name = "observed cached read, 100 events, TRUST_CACHE, store and cache observed (baseline: unobserved)";
            return List.of(Row.latency(name, "p50 ms", read[0].p50(), read[1].p50(), TARGET),
                    Row.info(name, "p99 ms", read[0].p99(), read[1].p99(), read[1].p99() / read[0].p99()));
        } finally {
            observed.close().block(CLOSE);
            plain.close().block(CLOSE);
            cache.clear().onErrorResume(e -> Mono.empty()).block(CLOSE);
            cache.close().block(CLOSE);
        }
    }

    private static EventStore trusting(BenchServers servers, String schema, EventCache cache) {
        return R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).cache(cache)
                .eventStoreOptions(EventStoreOptions.builder().cacheConsistency(CacheConsistency.TRUST_CACHE).build()).build();
    }
}
