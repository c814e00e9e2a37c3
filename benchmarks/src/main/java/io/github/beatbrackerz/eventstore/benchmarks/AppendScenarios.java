package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Write throughput: batches of 100 and single events (1 and 16 callers) against raw R2DBC
 * inserts, and the cost of the publisher (post-commit NOTIFY). Every call appends to a fresh
 * aggregate on both sides, so no side waits on a per-stream lock. The library comparisons use
 * {@code publisher(false)}: the publisher's own cost is the separate row.
 */
final class AppendScenarios {

    private AppendScenarios() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        String librarySchema = servers.newSchema("append_lib");
        RawPostgres raw = new RawPostgres(servers.pool(), servers.newSchema("append_raw"));
        EventStore quiet = R2dbcEventStores.builder(servers.pool()).schema(librarySchema).subscriptions(SubscriptionMode.disabled()).build();
        EventStore publishing = R2dbcEventStores.builder(servers.pool()).schema(librarySchema).build();
        Duration warmup = settings.warmup();
        Duration round = settings.round();
        int rounds = settings.rounds();
        List<Row> rows = new ArrayList<>();
        try {
            Measure.Throughputs batch = Measure.throughput(
                    () -> quiet.appendEvents(BenchEvents.batch(BenchEvents.newAggregateId(), 100)).count().map(Long::intValue),
                    () -> raw.insertBatch(BenchEvents.batch(BenchEvents.newAggregateId(), 100), 1).map(List::size),
                    1, warmup, round, rounds);
            rows.add(Row.throughput("batch append, 100 events/call, 1 caller", batch.library(), batch.baseline(), 0.85));
            for (int callers : new int[] {1, 16}) {
                Measure.Throughputs single = Measure.throughput(
                        () -> quiet.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())).thenReturn(1),
                        () -> raw.insertOne(BenchEvents.event(BenchEvents.newAggregateId()), 1).thenReturn(1),
                        callers, warmup, round, rounds);
                rows.add(Row.throughput("single-event append, " + callers + " caller" + (callers > 1 ? "s" : ""),
                        single.library(), single.baseline(), 0.80));
            }
            Measure.Throughputs publisher = Measure.throughput(
                    () -> publishing.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())).thenReturn(1),
                    () -> quiet.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())).thenReturn(1),
                    16, warmup, round, rounds);
            rows.add(Row.throughput("single-event append, 16 callers, publisher on (baseline: off)",
                    publisher.library(), publisher.baseline(), 0.85));
        } finally {
            publishing.close().block(Duration.ofSeconds(30));
            quiet.close().block(Duration.ofSeconds(30));
        }
        return rows;
    }
}
