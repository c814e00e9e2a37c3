package io.github.beatbrackerz.eventstore.benchmarks.jmh;

import io.github.beatbrackerz.eventstore.benchmarks.BenchServers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks of this package and turns their results into text lines. */
public final class JmhRuns {

    private JmhRuns() {
    }

    /**
     * @param quick one in-process iteration of 200 ms per benchmark (no fork, no warm-up), else
     *     one fork, 2 warm-up and 3 measured iterations of 2 s
     * @param r2dbcUrl the PostgreSQL URL the forks use
     * @param redisUrl the Redis URI the forks use
     * @return one line per benchmark: name, score and, for sampled latency, p50 and p99
     * @throws RunnerException if JMH fails
     */
    public static List<String> run(boolean quick, String r2dbcUrl, String redisUrl) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(JmhRuns.class.getPackageName() + "\\..*Benchmark")
                .shouldFailOnError(true)
                .jvmArgsAppend("-D" + BenchServers.R2DBC_PROPERTY + "=" + r2dbcUrl, "-D" + BenchServers.REDIS_PROPERTY + "=" + redisUrl, "-Xmx1g")
                .timeUnit(TimeUnit.MILLISECONDS);
        if (quick) {
            options.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
        } else {
            options.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(2)).measurementIterations(3).measurementTime(TimeValue.seconds(2));
        }
        String previous = System.getProperty(BenchServers.R2DBC_PROPERTY);
        System.setProperty(BenchServers.R2DBC_PROPERTY, r2dbcUrl);
        System.setProperty(BenchServers.REDIS_PROPERTY, redisUrl);
        try {
            Collection<RunResult> results = new Runner(options.build()).run();
            List<String> lines = new ArrayList<>();
            for (RunResult run : results) {
                Result<?> primary = run.getPrimaryResult();
                String params = run.getParams().getParamsKeys().stream().map(k -> k + "=" + run.getParams().getParam(k)).toList().toString();
                String line = String.format(Locale.ROOT, "%s %s: %.3f %s", run.getParams().getBenchmark().replaceAll(".*\\.jmh\\.", ""),
                        params, primary.getScore(), primary.getScoreUnit());
                if (run.getParams().getMode() == org.openjdk.jmh.annotations.Mode.SampleTime) {
                    line += String.format(Locale.ROOT, " (p50 %.3f, p99 %.3f)", primary.getStatistics().getPercentile(50),
                            primary.getStatistics().getPercentile(99));
                }
                lines.add(line);
            }
            return lines;
        } finally {
            if (previous == null) {
                System.clearProperty(BenchServers.R2DBC_PROPERTY);
            }
        }
    }

    static <T> T require(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("benchmark state not set up");
        }
        return value;
    }
}
