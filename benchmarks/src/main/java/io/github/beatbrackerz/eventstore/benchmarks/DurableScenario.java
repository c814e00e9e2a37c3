package io.github.beatbrackerz.eventstore.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Durable subscriptions ({@code --only durable}), each figure next to a baseline of the same run:
 * catch-up throughput with no-op handlers against the raw feed, a transactional read-model
 * handler against the same upserts in raw R2DBC transactions ({@link DurableThroughput}), takeover
 * after a crash against the lease time ({@link DurableTakeover}), and delivery lag under 500
 * appends/s against a live subscriber ({@link DurableLag}).
 */
final class DurableScenario {

    private DurableScenario() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        List<Row> rows = new ArrayList<>();
        rows.addAll(DurableThroughput.catchUp(servers, settings));
        rows.addAll(DurableThroughput.transactional(servers, settings));
        rows.addAll(DurableLag.run(servers, settings));
        rows.addAll(DurableTakeover.run(servers, settings));
        return rows;
    }
}
