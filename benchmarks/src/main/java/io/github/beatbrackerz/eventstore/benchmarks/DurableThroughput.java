package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.TransactionalHandler;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Durable subscription throughput while catching up over pre-written events (bulk-loaded
 * server-side, aggregates of 10): a no-op handler per event and per batch against the raw feed
 * ({@code subscribeFrom(BEGINNING, all())}) reading the same events one at a time ({@code concatMap}), and a transactional handler
 * upserting one read-model row per event against the same upserts done with raw R2DBC, batches of
 * the same size, one transaction each, fed by one raw streaming SELECT.
 */
final class DurableThroughput {

    private static final int PER_AGGREGATE = 10;
    /** The default batch size of a durable subscription, and so of the raw transactions. */
    private static final int BATCH = 100;
    private static final String TABLE_COLUMNS = " (aggregate_id text PRIMARY KEY, events bigint NOT NULL, last_position bigint NOT NULL)";

    private DurableThroughput() {
    }

    static List<Row> catchUp(BenchServers servers, BenchSettings settings) {
        int n = settings.durableEvents();
        String schema = seeded(servers, "durable_feed", n);
        EventStore store = R2dbcEventStores.builder(servers.pool()).schema(schema).build();
        R2dbcDurableSubscriptions durable = R2dbcDurableSubscriptions.create(store, servers.pool(), schema, "bench");
        try {
            List<LongSupplier> sides = List.of(
                    // a consumer taking one event at a time, as the per-event handler does (bounded demand)
                    () -> DurablePasses.time(store.subscribeFrom(Position.BEGINNING, EventFilter.all()).take(n)
                            .concatMap(event -> Mono.just(1L), 1).reduce(0L, Long::sum), n),
                    () -> DurablePasses.timeDurable(n, counter -> durable.start(spec("per-event").build(), event -> {
                        counter.add(1);
                        return Mono.empty();
                    })),
                    () -> DurablePasses.timeDurable(n, counter -> durable.startBatches(spec("per-batch").build(), events -> {
                        counter.add(events.size());
                        return Mono.empty();
                    })),
                    // the same per-event pass with checkpoints stored 100 times less often: what checkpointing costs
                    () -> DurablePasses.timeDurable(n, counter -> durable.start(
                            spec("sparse").checkpointEvery(10_000, Duration.ofSeconds(1)).build(), event -> {
                                counter.add(1);
                                return Mono.empty();
                            })),
                    // the same feed with unbounded demand: measured slower than with bounded demand
                    () -> DurablePasses.time(store.subscribeFrom(Position.BEGINNING, EventFilter.all()).take(n).count(), n));
            double[] rates = DurablePasses.compare(n, settings.warmup(), settings.durableRounds(), sides);
            String what = String.format("durable catch-up over %,d events, no-op handler", n);
            String baseline = " (baseline: subscribeFrom(BEGINNING, all()), one event at a time)";
            return List.of(
                    Row.throughput(what + ", per event" + baseline, rates[1], rates[0], 0.8),
                    Row.throughput(what + ", per batch of " + BATCH + baseline, rates[2], rates[0], 0.8),
                    Row.info(what + ", per event, checkpointEvery(10000)" + baseline, "events/s", rates[3], rates[0], rates[3] / rates[0]),
                    Row.info(String.format("raw feed over %,d events: subscribeFrom(…).count(), unbounded demand (baseline: one event at a time)", n),
                            "events/s", rates[4], rates[0], rates[4] / rates[0]));
        } finally {
            durable.close().block(Duration.ofMinutes(1));
            store.close().block(Duration.ofSeconds(30));
        }
    }

    static List<Row> transactional(BenchServers servers, BenchSettings settings) {
        int n = settings.durableUpserts();
        String schema = seeded(servers, "durable_tx", n);
        String libraryTable = schema + ".counts_library";
        String rawTable = schema + ".counts_raw";
        servers.execute("CREATE TABLE " + libraryTable + TABLE_COLUMNS + "; CREATE TABLE " + rawTable + TABLE_COLUMNS).block(Duration.ofMinutes(1));
        String libraryUpsert = upsert(libraryTable);
        String rawUpsert = upsert(rawTable);
        EventStore store = R2dbcEventStores.builder(servers.pool()).schema(schema).build();
        R2dbcDurableSubscriptions durable = R2dbcDurableSubscriptions.create(store, servers.pool(), schema, "bench");
        RawPostgres raw = new RawPostgres(servers.pool(), schema);
        try {
            List<LongSupplier> sides = List.of(
                    () -> {
                        servers.execute("TRUNCATE " + rawTable).block(Duration.ofMinutes(1));
                        return DurablePasses.time(raw.streamAll().take(n).buffer(BATCH)
                                .concatMap(batch -> Mono.usingWhen(servers.pool().create(),
                                        c -> Mono.from(c.beginTransaction())
                                                .thenMany(Flux.fromIterable(batch)
                                                        .concatMap(e -> execute(c, rawUpsert, e.aggregateId(), e.globalPosition())))
                                                .then(Mono.from(c.commitTransaction()))
                                                .thenReturn((long) batch.size()),
                                        Connection::close), 1)
                                .reduce(0L, Long::sum), n);
                    },
                    () -> {
                        servers.execute("TRUNCATE " + libraryTable).block(Duration.ofMinutes(1));
                        return DurablePasses.timeDurable(n, counter -> durable.startTransactional(spec("tx").build(),
                                TransactionalHandler.perEvent((event, c) -> execute(c, libraryUpsert, event.aggregateId(), event.globalPosition())
                                        .doOnSuccess(done -> counter.add(1)))));
                    });
            double[] rates = DurablePasses.compare(n, settings.warmup(), settings.durableRounds(), sides);
            String rows = servers.queryText("SELECT count(*) FROM " + libraryTable);
            if (Long.parseLong(rows) != n / PER_AGGREGATE) {
                throw new IllegalStateException("the read model has " + rows + " rows, not " + n / PER_AGGREGATE);
            }
            return List.of(Row.info(String.format("durable transactional handler, %,d upserts (1 row per event, batches of %d;"
                    + " baseline: raw R2DBC, same upserts, 1 transaction per batch)", n, BATCH), "events/s", rates[1], rates[0], rates[1] / rates[0]));
        } finally {
            durable.close().block(Duration.ofMinutes(1));
            store.close().block(Duration.ofSeconds(30));
        }
    }

    private static String seeded(BenchServers servers, String label, int events) {
        String schema = servers.newSchema(label);
        servers.execute(BenchEvents.seedSql(schema, 0, events, PER_AGGREGATE)).block(Duration.ofMinutes(10));
        return schema;
    }

    private static DurableSubscriptionSpec.Builder spec(String prefix) {
        return DurableSubscriptionSpec.builder(DurablePasses.freshName(prefix)).start(StartPosition.beginning());
    }

    private static String upsert(String table) {
        return "INSERT INTO " + table + " (aggregate_id, events, last_position) VALUES ($1, 1, $2)"
                + " ON CONFLICT (aggregate_id) DO UPDATE SET events = " + table.substring(table.indexOf('.') + 1) + ".events + 1,"
                + " last_position = EXCLUDED.last_position";
    }

    private static Mono<Void> execute(Connection connection, String sql, String aggregateId, long position) {
        return Flux.from(connection.createStatement(sql).bind(0, aggregateId).bind(1, position).execute())
                .concatMap(result -> result.getRowsUpdated())
                .then();
    }
}
