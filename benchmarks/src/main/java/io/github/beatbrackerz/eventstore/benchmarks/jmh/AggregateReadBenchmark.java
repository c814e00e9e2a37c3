package io.github.beatbrackerz.eventstore.benchmarks.jmh;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.benchmarks.BenchEvents;
import io.github.beatbrackerz.eventstore.benchmarks.BenchServers;
import io.github.beatbrackerz.eventstore.benchmarks.RawPostgres;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;

/** Sampled latency of one aggregate read: {@code getAggregateEvents} against one raw SELECT. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AggregateReadBenchmark {

    /** Events in the aggregate. */
    @Param({"10", "100", "1000"})
    public int size;

    private @Nullable BenchServers servers;
    private @Nullable EventStore store;
    private @Nullable RawPostgres raw;
    private String aggregateId = "";

    /** Creates a schema and one aggregate of {@link #size} events. */
    @Setup(Level.Trial)
    public void setUp() {
        BenchServers started = BenchServers.start();
        String schema = started.newSchema("jmh_read");
        EventStore created = R2dbcEventStores.builder(started.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        aggregateId = BenchEvents.newAggregateId();
        Flux.range(0, (size + 99) / 100)
                .concatMap(i -> created.appendEvents(BenchEvents.batch(aggregateId, Math.min(100, size - i * 100))))
                .blockLast(Duration.ofMinutes(2));
        servers = started;
        store = created;
        raw = new RawPostgres(started.pool(), schema);
    }

    /** Drops the schema. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (store != null) {
            store.close().block(Duration.ofSeconds(30));
        }
        if (servers != null) {
            servers.close();
        }
    }

    /** @return the aggregate, read by the library */
    @Benchmark
    public List<RecordedEvent> library() {
        return JmhRuns.require(store).getAggregateEvents(aggregateId, BenchEvents.AGGREGATE_TYPE).collectList().block(Duration.ofSeconds(30));
    }

    /** @return the aggregate, read by one raw SELECT */
    @Benchmark
    public List<RawPostgres.RawEvent> raw() {
        return JmhRuns.require(raw).readStream(aggregateId).block(Duration.ofSeconds(30));
    }
}
