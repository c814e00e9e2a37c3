package io.github.beatbrackerz.eventstore.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** Runs the driver scenarios in order and collects the rows. Blocks; minutes in full mode. */
public final class BenchmarkSuite {

    /** The driver scenarios by the name {@code --only} takes, in the order they run. */
    private static final Map<String, BiFunction<BenchServers, BenchSettings, List<Row>>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("appends", AppendScenarios::run);
        SCENARIOS.put("axon", AxonScenario::run);
        SCENARIOS.put("reads", ReadScenarios::run);
        SCENARIOS.put("observations", ObservationScenario::run);
        SCENARIOS.put("warmup", WarmupScenario::run);
        SCENARIOS.put("subscriber", SubscriberScenario::run);
        SCENARIOS.put("fanout", FanoutScenario::run);
        SCENARIOS.put("growth", GrowthScenario::run);
        SCENARIOS.put("durable", DurableScenario::run);
    }

    /** Scenarios run only when named with {@code --only}: probes behind a decision, not part of the published set. */
    private static final Map<String, BiFunction<BenchServers, BenchSettings, List<Row>>> ON_REQUEST = new LinkedHashMap<>();

    static {
        ON_REQUEST.put("statements", StatementScenario::run);
        ON_REQUEST.put("coalescing-sweep", CoalescingSweepScenario::run);
        // also the last part of "reads"; on its own for iterating on the cache's read path
        ON_REQUEST.put("cached-reads", CachedReadScenario::run);
    }

    private BenchmarkSuite() {
    }

    /** @return the scenarios of the published set, in run order: what a run without {@code --only} runs */
    public static List<String> publishedScenarioNames() {
        return List.copyOf(SCENARIOS.keySet());
    }

    /** @return the scenario names {@link #run(BenchServers, BenchSettings, Collection)} accepts, in run order (those on request last) */
    public static List<String> scenarioNames() {
        List<String> names = new ArrayList<>(SCENARIOS.keySet());
        names.addAll(ON_REQUEST.keySet());
        return List.copyOf(names);
    }

    /**
     * Runs every scenario of the published set (not those run only on request).
     *
     * @param servers where PostgreSQL and Redis are
     * @param settings how long and how large
     * @return the results table, one row per figure
     */
    public static List<Row> run(BenchServers servers, BenchSettings settings) {
        return run(servers, settings, SCENARIOS.keySet());
    }

    /**
     * Runs the named scenarios, in run order whatever the order given.
     *
     * @param servers where PostgreSQL and Redis are
     * @param settings how long and how large
     * @param only names from {@link #scenarioNames()}
     * @return the results table of those scenarios, one row per figure
     * @throws IllegalArgumentException if a name is unknown
     */
    public static List<Row> run(BenchServers servers, BenchSettings settings, Collection<String> only) {
        for (String name : only) {
            if (!SCENARIOS.containsKey(name) && !ON_REQUEST.containsKey(name)) {
                throw new IllegalArgumentException("unknown scenario " + name + " (" + String.join(", ", scenarioNames()) + ")");
            }
        }
        List<Row> rows = new ArrayList<>();
        SCENARIOS.forEach((name, scenario) -> {
            if (only.contains(name)) {
                rows.addAll(timed(name, () -> scenario.apply(servers, settings)));
            }
        });
        ON_REQUEST.forEach((name, scenario) -> {
            if (only.contains(name)) {
                rows.addAll(timed(name, () -> scenario.apply(servers, settings)));
            }
        });
        return rows;
    }

    private static List<Row> timed(String name, Supplier<List<Row>> scenario) {
        long start = System.nanoTime();
        System.out.println("== " + name);
        List<Row> rows = scenario.get();
        System.out.print(Results.markdown(rows));
        System.out.printf("== %s done in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        return rows;
    }
}
