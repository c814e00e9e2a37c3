package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The library against Axon Framework 4.13's {@code JdbcEventStorageEngine} ({@link AxonPeer}) and raw R2DBC, all three
 * interleaved in the same run on the same PostgreSQL (issue 15): batch appends of 100 events (1 caller), single-event
 * appends with 16 and 64 concurrent callers, one caller's single-append latency, and reads of a 100-event aggregate.
 * Throughput rows report each side's median over interleaved rounds whose order rotates; every write goes to a fresh
 * aggregate on every side. The library runs with {@code publisher(false)} as in the other append rows (Axon's engine
 * sends no notification either); the publisher's own cost is the appends scenario's row.
 */
final class AxonScenario {

    /** The Hikari pool's size: the same 20 connections as the shared R2DBC pool of library and raw side. */
    static final int POOL = 20;
    static final int[] CALLERS = {16, 64};
    static final String PREFIX = "vs Axon: ";
    static final String AXON = "Axon JdbcEventStorageEngine";
    /** Append statements in flight before the coalescing store's appends wait ({@code coalesceAppends}). */
    static final int COALESCED_IN_FLIGHT = 2;

    private AxonScenario() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        String librarySchema = servers.newSchema("axon_lib");
        RawPostgres raw = new RawPostgres(servers.pool(), servers.newSchema("axon_raw"));
        EventStore library = R2dbcEventStores.builder(servers.pool()).schema(librarySchema).subscriptions(SubscriptionMode.disabled())
                .withoutAppendCoalescing().build();
        EventStore coalesced = R2dbcEventStores.builder(servers.pool()).schema(librarySchema).subscriptions(SubscriptionMode.disabled())
                .coalesceAppends(COALESCED_IN_FLIGHT, 10_000).build();
        List<Row> rows = new ArrayList<>();
        try (AxonPeer axon = AxonPeer.start(servers.r2dbcUrl(), servers.newEmptySchema("axon"), POOL, CALLERS[CALLERS.length - 1])) {
            Duration warmup = settings.warmup();
            Duration round = settings.round();
            int rounds = settings.axonRounds();
            double[] batch = Measure.medianThroughputs(1, warmup, round, rounds,
                    Measure.reactive(() -> library.appendEvents(BenchEvents.batch(BenchEvents.newAggregateId(), 100)).count().map(Long::intValue)),
                    Measure.reactive(() -> raw.insertBatch(BenchEvents.batch(BenchEvents.newAggregateId(), 100), 1).map(List::size)),
                    (n, d) -> axon.run(() -> axon.appendBatch(BenchEvents.newAggregateId(), 100), n, d),
                    Measure.reactive(() -> coalesced.appendEvents(BenchEvents.batch(BenchEvents.newAggregateId(), 100)).count().map(Long::intValue)));
            rows.addAll(throughputRows("batch append, 100 events/call, 1 caller", batch, 1.1));
            for (int callers : CALLERS) {
                double[] single = Measure.medianThroughputs(callers, warmup, round, rounds,
                        Measure.reactive(() -> library.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())).thenReturn(1)),
                        Measure.reactive(() -> raw.insertOne(BenchEvents.event(BenchEvents.newAggregateId()), 1).thenReturn(1)),
                        (n, d) -> axon.run(() -> axon.appendBatch(BenchEvents.newAggregateId(), 1), n, d),
                        Measure.reactive(() -> coalesced.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())).thenReturn(1)));
                rows.addAll(throughputRows("single-event append, " + callers + " callers", single, callers >= 64 ? 2.0 : 1.5));
            }
            Measure.Percentiles[] one = Measure.latency(warmup, settings.readSamples(),
                    () -> library.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())),
                    () -> raw.insertOne(BenchEvents.event(BenchEvents.newAggregateId()), 1),
                    blocking(() -> axon.appendBatch(BenchEvents.newAggregateId(), 1)),
                    () -> coalesced.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())));
            rows.addAll(latencyRows("single-event append, 1 caller", one));
            rows.add(Row.info(PREFIX + "single-event append, 1 caller, coalesced appends (baseline: not coalesced)", "p50 ms",
                    one[3].p50(), one[0].p50(), one[0].p50() / one[3].p50()));
            String libraryId = BenchEvents.newAggregateId();
            library.appendEvents(BenchEvents.batch(libraryId, 100)).then().block(Duration.ofSeconds(30));
            String axonId = BenchEvents.newAggregateId();
            axon.appendBatch(axonId, 100);
            RawPostgres rawOnLibraryRows = new RawPostgres(servers.pool(), librarySchema);
            requireSize("library", library.getAggregateEvents(libraryId, BenchEvents.AGGREGATE_TYPE).collectList().block(Duration.ofSeconds(30)));
            requireSize("raw R2DBC", rawOnLibraryRows.readStream(libraryId).block(Duration.ofSeconds(30)));
            requireSize("Axon", axon.read(axonId));
            Measure.Percentiles[] read = Measure.latency(warmup, settings.readSamples(),
                    () -> library.getAggregateEvents(libraryId, BenchEvents.AGGREGATE_TYPE).collectList(),
                    () -> rawOnLibraryRows.readStream(libraryId),
                    blocking(() -> axon.read(axonId)));
            rows.addAll(latencyRows("aggregate read, 100 events", read));
        } finally {
            coalesced.close().block(Duration.ofSeconds(30));
            library.close().block(Duration.ofSeconds(30));
        }
        return rows;
    }

    /** Fails the run when a side's read does not return the whole 100-event aggregate (a read of nothing is fast). */
    private static void requireSize(String side, @Nullable List<?> events) {
        if (events == null || events.size() != 100) {
            throw new IllegalStateException(side + " read " + (events == null ? 0 : events.size()) + " events of 100");
        }
    }

    /** A blocking call as a {@code Mono} that runs it on the subscribing (the driver's) thread. */
    private static Supplier<Mono<?>> blocking(Supplier<?> call) {
        return () -> Mono.fromSupplier(call);
    }

    /** @param figures library, raw, Axon, coalesced library events/s */
    private static List<Row> throughputRows(String workload, double[] figures, double target) {
        return List.of(
                Row.throughput(PREFIX + workload + ", coalesced appends (baseline: " + AXON + ")", figures[3], figures[2], target),
                Row.info(PREFIX + workload + ", coalesced appends (baseline: not coalesced)", "events/s", figures[3], figures[0], figures[3] / figures[0]),
                Row.throughput(PREFIX + workload + " (baseline: " + AXON + ")", figures[0], figures[2], target),
                Row.info(PREFIX + workload + " (baseline: raw R2DBC)", "events/s", figures[0], figures[1], figures[0] / figures[1]),
                Row.info(PREFIX + workload + ", raw R2DBC vs " + AXON + " (no library)", "events/s", figures[1], figures[2], figures[1] / figures[2]));
    }

    /** @param p library, raw, Axon percentiles; ratios are Axon's (or raw's) latency over the library's */
    private static List<Row> latencyRows(String workload, Measure.Percentiles[] p) {
        return List.of(
                Row.info(PREFIX + workload + " (baseline: " + AXON + ")", "p50 ms", p[0].p50(), p[2].p50(), p[2].p50() / p[0].p50()),
                Row.info(PREFIX + workload + " (baseline: " + AXON + ")", "p99 ms", p[0].p99(), p[2].p99(), p[2].p99() / p[0].p99()),
                Row.info(PREFIX + workload + " (baseline: raw R2DBC)", "p50 ms", p[0].p50(), p[1].p50(), p[1].p50() / p[0].p50()),
                Row.info(PREFIX + workload + ", raw R2DBC vs " + AXON + " (no library)", "p50 ms", p[1].p50(), p[2].p50(), p[2].p50() / p[1].p50()));
    }
}
