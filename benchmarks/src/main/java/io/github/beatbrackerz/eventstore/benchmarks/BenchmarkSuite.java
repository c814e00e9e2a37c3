package io.github.beatbrackerz.eventstore.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** Runs every driver scenario in order and collects the rows. Blocks; minutes in full mode. */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    /**
     * @param servers where PostgreSQL and Redis are
     * @param settings how long and how large
     * @return the results table, one row per figure
     */
    public static List<Row> run(BenchServers servers, BenchSettings settings) {
        List<Row> rows = new ArrayList<>();
        rows.addAll(timed("appends", () -> AppendScenarios.run(servers, settings)));
        rows.addAll(timed("reads", () -> ReadScenarios.run(servers, settings)));
        rows.addAll(timed("append-to-subscriber", () -> SubscriberScenario.run(servers, settings)));
        rows.addAll(timed("growth and replay", () -> GrowthScenario.run(servers, settings)));
        return rows;
    }

    private static List<Row> timed(String name, java.util.function.Supplier<List<Row>> scenario) {
        long start = System.nanoTime();
        System.out.println("== " + name);
        List<Row> rows = scenario.get();
        System.out.print(Results.markdown(rows));
        System.out.printf("== %s done in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        return rows;
    }
}
