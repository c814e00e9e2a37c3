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
 * java -Xmx1g -jar benchmarks/target/benchmarks.jar [--quick | --long] [--no-jmh] [--out benchmarks/results]
 * </pre>
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = BenchSettings.quick();
                case "--long" -> settings = BenchSettings.longRun();
                case "--no-jmh" -> jmh = false;
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--quick, --long, --no-jmh, --out DIR)");
            }
        }
        long start = System.nanoTime();
        List<Row> rows;
        List<String> jmhLines = new ArrayList<>();
        try (BenchServers servers = BenchServers.start()) {
            System.out.println("PostgreSQL " + servers.queryText("SHOW server_version") + ", Redis at " + servers.redisUrl()
                    + ", mode " + settings.name());
            rows = BenchmarkSuite.run(servers, settings);
            if (jmh) {
                jmhLines = runJmh(settings, servers);
            }
        }
        String header = "Run " + Instant.now() + ", mode " + settings.name() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, JDK " + System.getProperty("java.version") + String.format(", %.0f s", (System.nanoTime() - start) / 1e9);
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
