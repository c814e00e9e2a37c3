package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.Segments;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One application instance in a JVM of its own, for {@link SeparateJvmDurableIntegrationTest}: it
 * starts the transactional durable subscription the arguments name and runs until killed, or
 * until its standard input closes (the test JVM died), then halts.
 *
 * <p>Arguments: R2DBC URL (without options), schema, subscription name, segment count, worker
 * name (in the owner ids), application name (of its connections, for {@code pg_stat_activity}),
 * seconds each batch sleeps.
 *
 * <p>Each batch, in the transaction that also advances the checkpoint: takes the transaction-level
 * advisory lock of (schema, segment) with {@code pg_try_advisory_xact_lock}, which fails exactly
 * when another transaction of the same segment is open at the same moment, and then records a row
 * per event in {@code worker_handled} and a row for the batch in {@code worker_batches}. A failed
 * lock is recorded in {@code worker_overlaps} on a connection of its own, so that it stays even
 * when the batch rolls back. The batch then sleeps, so that a kill finds batches in flight.
 */
public final class DurableWorkerMain {

    private DurableWorkerMain() {
    }

    /**
     * Runs the worker.
     *
     * @param args URL, schema, subscription, segments, worker, application name, seconds each batch sleeps
     * @throws InterruptedException never in practice: the worker ends by being killed or halting
     */
    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        String schema = args[1];
        String subscription = args[2];
        int segments = Integer.parseInt(args[3]);
        String worker = args[4];
        String application = args[5];
        double sleepSeconds = Double.parseDouble(args[6]);
        haltWhenTheTestGoes();

        // Room for a transaction per segment (all 6 when alone), the LISTEN connection, and the lease renewals: with
        // maxSize=8 and batches that sleep 0.5 s, renewals waited for a connection past their deadline and the leases flapped.
        R2dbcEventStoreBuilder builder = R2dbcEventStores.connect(url + "?schema=" + schema + "&applicationName=" + application
                + "&maxSize=16");
        EventStore store = builder.build();
        R2dbcDurableSubscriptions durable = R2dbcDurableSubscriptions.create(store, builder.connectionFactory(), schema, worker);
        DurableSubscription running = Objects.requireNonNull(durable.startTransactional(DurableWorkload.spec(subscription, segments).build(),
                handler(builder.connectionFactory(), schema, segments, worker, sleepSeconds)).block(Duration.ofSeconds(60)));
        System.out.println("worker " + worker + " started as " + running.owner());
        new CountDownLatch(1).await();
    }

    private static TransactionalHandler handler(ConnectionFactory connections, String schema, int segments, String worker,
                                                double sleepSeconds) {
        String lock = "SELECT pg_try_advisory_xact_lock(hashtext($1), $2)";
        String handled = "INSERT INTO " + schema + ".worker_handled (event_id, stream, seq, segment, worker) VALUES ($1, $2, $3, $4, $5)";
        String batch = "INSERT INTO " + schema + ".worker_batches (segment, worker, events) VALUES ($1, $2, $3)";
        String overlap = "INSERT INTO " + schema + ".worker_overlaps (segment, worker) VALUES ($1, $2)";
        return (events, connection) -> {
            int segment = Segments.of(events.get(0).stream(), segments);
            Mono<Void> exclusive = Flux.from(connection.createStatement(lock).bind(0, schema).bind(1, segment).execute())
                    .concatMap(result -> result.map(row -> Objects.requireNonNull(row.get(0, Boolean.class))))
                    .next()
                    .flatMap(locked -> locked ? Mono.<Void>empty() : Mono.usingWhen(connections.create(),
                            other -> execute(other, overlap, segment, worker), Connection::close));
            return exclusive
                    .then(Flux.fromIterable(events).concatMap(event -> apply(connection, handled, event, segment, worker)).then())
                    .then(execute(connection, batch, segment, worker, events.size()))
                    .then(execute(connection, "SELECT pg_sleep($1)", sleepSeconds));
        };
    }

    private static Mono<Void> apply(Connection connection, String sql, RecordedEvent event, int segment, String worker) {
        return execute(connection, sql, event.id(), event.stream().toString(), event.sequenceNumber(), segment, worker);
    }

    private static Mono<Void> execute(Connection connection, String sql, Object... args) {
        return Flux.defer(() -> {
            var statement = connection.createStatement(sql);
            for (int i = 0; i < args.length; i++) {
                statement.bind(i, args[i]);
            }
            return statement.execute();
        }).concatMap(result -> result.getRowsUpdated()).then();
    }

    /** Halts this JVM when standard input reaches its end: the test JVM closed it or died. */
    private static void haltWhenTheTestGoes() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is sent; only the end matters
                }
            } catch (IOException e) {
                // as good as the end
            }
            System.out.println("standard input closed: halting");
            Runtime.getRuntime().halt(0);
        }, "halt-with-the-test");
        watcher.setDaemon(true);
        watcher.start();
    }
}
