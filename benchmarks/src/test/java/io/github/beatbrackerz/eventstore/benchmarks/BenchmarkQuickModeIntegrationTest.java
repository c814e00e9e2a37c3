package io.github.beatbrackerz.eventstore.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.benchmarks.jmh.JmhRuns;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quick mode: every benchmark of the set runs for a fraction of a second against the test
 * database and Redis, and the report files come out. Asserts that each figure was measured,
 * never how fast it is.
 */
class BenchmarkQuickModeIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @Test
    void everyBenchmarkRunsAndReports(@TempDir Path out) throws Exception {
        String r2dbcUrl = DB.server().r2dbcUrl();
        String redisUrl = RedisTestServer.standalone().toURI().toString();

        List<Row> rows;
        try (BenchServers servers = BenchServers.start(r2dbcUrl, redisUrl)) {
            rows = BenchmarkSuite.run(servers, BenchSettings.quick());
        }
        List<String> jmh = JmhRuns.run(true, r2dbcUrl, redisUrl);
        Results.write(out, rows, "quick");
        ChartRenderer.render(rows, out.resolve("chart.png"), "quick");

        assertThat(rows).extracting(Row::name).anySatisfy(n -> assertThat(n).startsWith("batch append"))
                .anySatisfy(n -> assertThat(n).startsWith("single-event append, 1 caller"))
                .anySatisfy(n -> assertThat(n).startsWith("single-event append, 16 callers"))
                .anySatisfy(n -> assertThat(n).contains("publisher on"))
                .anySatisfy(n -> assertThat(n).startsWith("vs Axon: batch append").contains("(baseline: Axon JdbcEventStorageEngine)"))
                .anySatisfy(n -> assertThat(n).startsWith("vs Axon: single-event append, 16 callers").contains("(baseline: Axon JdbcEventStorageEngine)"))
                .anySatisfy(n -> assertThat(n).startsWith("vs Axon: single-event append, 64 callers").contains("(baseline: Axon JdbcEventStorageEngine)"))
                .anySatisfy(n -> assertThat(n).startsWith("vs Axon: single-event append, 64 callers").contains("(baseline: raw R2DBC)"))
                .anySatisfy(n -> assertThat(n).startsWith("vs Axon: aggregate read, 100 events").contains("(baseline: Axon JdbcEventStorageEngine)"))
                .anySatisfy(n -> assertThat(n).startsWith("aggregate read, 1000 events"))
                .anySatisfy(n -> assertThat(n).contains("VERIFIED"))
                .anySatisfy(n -> assertThat(n).contains("TRUST_CACHE"))
                .anySatisfy(n -> assertThat(n).contains("TRUST_CACHE (baseline: raw Lettuce GET of the same bytes)"))
                .anySatisfy(n -> assertThat(n).contains("TRUST_CACHE (baseline: raw Lettuce LRANGE of the same list)"))
                .anySatisfy(n -> assertThat(n).contains("VERIFIED (baseline: the slower of its two legs alone)"))
                .anySatisfy(n -> assertThat(n).contains("VERIFIED leg alone: PostgreSQL probe"))
                .anySatisfy(n -> assertThat(n).contains("VERIFIED leg alone: Redis"))
                .anySatisfy(n -> assertThat(n).contains("VERIFIED legs zipped, no store"))
                .anySatisfy(n -> assertThat(n).startsWith("cache warmup").contains("warmupCache").contains("unpipelined"))
                .anySatisfy(n -> assertThat(n).startsWith("cache warmup").contains("warmupCache").contains("manual-flush"))
                .anySatisfy(n -> assertThat(n).startsWith("append-to-subscriber"))
                .anySatisfy(n -> assertThat(n).startsWith("live fan-out, 100 subscribers"))
                .anySatisfy(n -> assertThat(n).startsWith("growth: single append"))
                .anySatisfy(n -> assertThat(n).startsWith("growth: aggregate read"))
                .anySatisfy(n -> assertThat(n).startsWith("replay"))
                .anySatisfy(n -> assertThat(n).startsWith("durable catch-up").contains("per event"))
                .anySatisfy(n -> assertThat(n).startsWith("durable catch-up").contains("per batch"))
                .anySatisfy(n -> assertThat(n).startsWith("durable transactional handler"))
                .anySatisfy(n -> assertThat(n).startsWith("durable delivery lag").contains("per-event handler"))
                .anySatisfy(n -> assertThat(n).startsWith("durable delivery lag").contains("per-batch handler"))
                .anySatisfy(n -> assertThat(n).startsWith("durable takeover after a crash"));
        assertThat(rows).filteredOn(row -> !row.metric().equals("events") && !row.metric().equals("deliveries")
                        && !row.metric().equals("undelivered"))
                .allSatisfy(row -> assertThat(row.library()).as(row.name() + " " + row.metric()).isFinite().isPositive());
        assertThat(rows).filteredOn(row -> row.metric().equals("events"))
                .singleElement().satisfies(row -> assertThat(row.library()).as("events the live subscriber never received").isZero());
        assertThat(rows).filteredOn(row -> row.metric().equals("deliveries"))
                .hasSize(2).allSatisfy(row -> assertThat(row.library()).as("deliveries the fan-out subscribers never received").isZero());
        assertThat(rows).filteredOn(row -> row.metric().equals("undelivered"))
                .singleElement().satisfies(row -> assertThat(row.library()).as("events the durable subscriptions never received").isZero());
        assertThat(rows).filteredOn(row -> !row.target().equals("info") && !row.name().startsWith("append-to-subscriber"))
                .filteredOn(row -> !row.metric().equals("peak heap MiB") && !row.metric().equals("deliveries")
                        && !row.metric().equals("undelivered"))
                .allSatisfy(row -> assertThat(row.baseline()).as(row.name() + " " + row.metric()).isFinite().isPositive());
        // A quick pass over a few thousand rows can end between two heap samples, after a collection: 0 is a reading.
        assertThat(rows).filteredOn(row -> row.metric().equals("peak heap MiB"))
                .isNotEmpty().allSatisfy(row -> assertThat(row.baseline()).as(row.name()).isFinite().isNotNegative());
        assertThat(jmh).hasSize(8).allSatisfy(line -> assertThat(line).doesNotContain("NaN"));
        assertThat(Files.readString(out.resolve("results.md"))).contains("| batch append, 100 events/call");
        assertThat(Files.size(out.resolve("chart.png"))).isPositive();
    }
}
