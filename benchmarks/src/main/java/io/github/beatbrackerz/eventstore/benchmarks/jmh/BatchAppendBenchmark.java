package io.github.beatbrackerz.eventstore.benchmarks.jmh;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.benchmarks.BenchEvents;
import io.github.beatbrackerz.eventstore.benchmarks.BenchServers;
import io.github.beatbrackerz.eventstore.benchmarks.RawPostgres;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Events/s of 100-event batch appends to fresh aggregates: the library against one raw {@code unnest} insert. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(100)
public class BatchAppendBenchmark {

    private @Nullable BenchServers servers;
    private @Nullable EventStore store;
    private @Nullable RawPostgres raw;

    /** Creates the library's and the baseline's schemas. */
    @Setup(Level.Trial)
    public void setUp() {
        BenchServers started = BenchServers.start();
        store = R2dbcEventStores.builder(started.pool()).schema(started.newSchema("jmh_append_lib")).subscriptions(SubscriptionMode.disabled()).build();
        raw = new RawPostgres(started.pool(), started.newSchema("jmh_append_raw"));
        servers = started;
    }

    /** Drops the schemas. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (store != null) {
            store.close().block(Duration.ofSeconds(30));
        }
        if (servers != null) {
            servers.close();
        }
    }

    /** @return the stored events, appended by the library */
    @Benchmark
    public List<RecordedEvent> library() {
        return JmhRuns.require(store).appendEvents(BenchEvents.batch(BenchEvents.newAggregateId(), 100)).collectList()
                .block(Duration.ofSeconds(30));
    }

    /** @return the stored rows, inserted by one raw unnest statement */
    @Benchmark
    public List<RawPostgres.RawEvent> raw() {
        return JmhRuns.require(raw).insertBatch(BenchEvents.batch(BenchEvents.newAggregateId(), 100), 1).block(Duration.ofSeconds(30));
    }
}
