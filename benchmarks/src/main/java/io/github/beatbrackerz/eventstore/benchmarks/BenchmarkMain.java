package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.benchmarks.jmh.JmhRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Runs the whole benchmark set: the load driver's scenarios, then the JMH micro-benchmarks, and
 * writes {@code results.md}, {@code results.csv}, {@code jmh.txt} and {@code chart.png}.
 *
 * <pre>
 * java -Xmx1g -jar benchmarks/target/benchmarks.jar [--quick | --long] [--no-jmh] [--only NAME[,NAME…]] [--out benchmarks/results]
 * </pre>
 * {@code --only} runs just the named driver scenarios ({@link BenchmarkSuite#scenarioNames()}) and
 * no JMH, and writes to {@code benchmarks/target/results} unless {@code --out} says otherwise, so
 * that a partial run never overwrites the published results.
 * PostgreSQL and Redis: {@code EVENTSTORE_BENCH_R2DBC_URL} / {@code EVENTSTORE_BENCH_REDIS_URL}
 * (else the {@code EVENTSTORE_TEST_*} variables, else embedded servers).
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /**
     * @param args the options above
     * @throws Exception if a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.full();
        boolean jmh = true;
        Path out = Path.of("benchmarks", "results");
        boolean outGiven = false;
        List<String> only = BenchmarkSuite.publishedScenarioNames();
        boolean partial = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = BenchSettings.quick();
                case "--long" -> settings = BenchSettings.longRun();
                case "--no-jmh" -> jmh = false;
                case "--only" -> {
                    only = List.of(args[++i].split(","));
                    partial = true;
                    jmh = false;
                }
                case "--out" -> {
                    out = Path.of(args[++i]);
                    outGiven = true;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--quick, --long, --no-jmh, --only " + String.join("|", BenchmarkSuite.scenarioNames()) + "[,…], --out DIR)");
            }
        }
        if (!BenchmarkSuite.scenarioNames().containsAll(only)) {
            throw new IllegalArgumentException("--only takes " + String.join(", ", BenchmarkSuite.scenarioNames()) + ", not " + only);
        }
        if (partial && !outGiven) {
            out = Path.of("benchmarks", "target", "results");
        }
        long start = System.nanoTime();
        List<Row> rows;
        List<String> jmhLines = new ArrayList<>();
        try (BenchServers servers = BenchServers.start()) {
            System.out.println("PostgreSQL " + servers.queryText("SHOW server_version") + ", Redis at " + servers.redisUrl()
                    + ", mode " + settings.name());
            rows = BenchmarkSuite.run(servers, settings, only);
            if (jmh) {
                jmhLines = runJmh(settings, servers);
            }
        }
        String header = "Run " + Instant.now() + ", mode " + settings.name() + (partial ? ", only " + String.join(",", only) : "")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, JDK " + System.getProperty("java.version")
                + String.format(", %.0f s", (System.nanoTime() - start) / 1e9);
        Results.write(out, rows, header);
        Files.write(out.resolve("jmh.txt"), jmhLines);
        ChartRenderer.render(rows, out.resolve("chart.png"), "eventstore-reactive vs raw R2DBC / Lettuce (" + settings.name() + " run)");
        System.out.println(header);
        System.out.print(Results.markdown(rows));
        jmhLines.forEach(System.out::println);
        System.out.println("written to " + out.toAbsolutePath());
    }

    private static List<String> runJmh(BenchSettings settings, BenchServers servers) throws RunnerException {
        return JmhRuns.run(settings.name().equals("quick"), servers.r2dbcUrl(), servers.redisUrl());
    }
}
