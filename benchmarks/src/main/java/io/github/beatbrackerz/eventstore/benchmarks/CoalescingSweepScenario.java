package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe behind {@code DEFAULT_APPEND_STATEMENTS_IN_FLIGHT} (issue 15): single-event appends by 1, 16 and 64
 * concurrent callers on stores coalescing with 1, 2 and 4 statements in flight, interleaved in one run with the same
 * store not coalescing, which is every row's baseline. Each append goes to a fresh aggregate; medians of the Axon
 * scenario's number of rounds.
 */
final class CoalescingSweepScenario {

    static final int[] IN_FLIGHT = {1, 2, 4};
    static final int[] CALLERS = {1, 16, 64};

    private CoalescingSweepScenario() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        String schema = servers.newSchema("coalescing");
        List<EventStore> stores = new ArrayList<>();
        stores.add(builder(servers, schema).withoutAppendCoalescing().build());
        for (int inFlight : IN_FLIGHT) {
            stores.add(builder(servers, schema).coalesceAppends(inFlight, 10_000).build());
        }
        List<Row> rows = new ArrayList<>();
        try {
            for (int callers : CALLERS) {
                Measure.Side[] sides = stores.stream()
                        .map(store -> Measure.reactive(() -> store.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())).thenReturn(1)))
                        .toArray(Measure.Side[]::new);
                double[] rates = Measure.medianThroughputs(callers, settings.warmup(), settings.round(), settings.axonRounds(), sides);
                for (int i = 0; i < IN_FLIGHT.length; i++) {
                    rows.add(Row.info("coalescing sweep: single-event append, " + callers + " callers, " + IN_FLIGHT[i]
                            + " in flight (baseline: not coalesced)", "events/s", rates[i + 1], rates[0], rates[i + 1] / rates[0]));
                }
            }
        } finally {
            stores.forEach(store -> store.close().block(Duration.ofSeconds(30)));
        }
        return rows;
    }

    private static R2dbcEventStoreBuilder builder(BenchServers servers, String schema) {
        return R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled());
    }
}
