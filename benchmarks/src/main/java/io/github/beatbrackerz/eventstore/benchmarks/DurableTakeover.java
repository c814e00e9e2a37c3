package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.EventHandler;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Takeover after a crash: two instances (each its own store and pool under its own
 * {@code application_name}) start the same one-segment durable subscription; A owns the segment
 * while events are appended at 100/s. A then crashes (its subscription disposed without a
 * hand-over, its database sessions terminated, its pool dropped, as {@code DurableNode.crash()}
 * in the r2dbc tests does); measured is the time from the crash until B's handler receives its
 * first event, against the lease time.
 */
final class DurableTakeover {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofMillis(10);
    private static final String TERMINATE =
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()";

    private DurableTakeover() {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        String schema = servers.newSchema("durable_takeover");
        EventStore writer = R2dbcEventStores.builder(servers.pool()).schema(schema).subscriptions(SubscriptionMode.disabled()).build();
        List<Row> rows = new ArrayList<>();
        try {
            for (Duration lease : settings.durableLeases()) {
                long[] firstDelivery = new long[settings.durableTakeovers()];
                long[] claimed = new long[settings.durableTakeovers()];
                for (int round = 0; round < firstDelivery.length; round++) {
                    long[] measured = crashOnce(servers, schema, writer, lease);
                    firstDelivery[round] = measured[0];
                    claimed[round] = measured[1];
                    System.out.printf("  takeover, lease %d ms: segment claimed by B %d ms, first event at B %d ms after the crash%n",
                            lease.toMillis(), claimed[round] / 1_000_000, firstDelivery[round] / 1_000_000);
                }
                Arrays.sort(firstDelivery);
                Arrays.sort(claimed);
                double leaseMs = lease.toMillis();
                double worst = firstDelivery[firstDelivery.length - 1] / 1e6;
                double median = firstDelivery[firstDelivery.length / 2] / 1e6;
                String name = String.format("durable takeover after a crash, lease %d ms, renew %d ms, %d crashes (baseline: lease time;"
                        + " ratio: takeover / lease)", lease.toMillis(), lease.toMillis() / 4, firstDelivery.length);
                // the documented bound is leaseTime + renewInterval = 1.25 x the lease time
                rows.add(Row.atMost(name, "worst ms to 1st event", worst, leaseMs, worst / leaseMs, 1.25));
                rows.add(Row.info(name, "median ms to 1st event", median, leaseMs, median / leaseMs));
                double claimedMs = claimed[claimed.length / 2] / 1e6;
                rows.add(Row.info(name, "median ms to claim", claimedMs, leaseMs, claimedMs / leaseMs));
            }
        } finally {
            writer.close().block(TIMEOUT);
        }
        return rows;
    }

    /** @return nanoseconds from the crash to B's first delivery, and to B's claim (as B saw it, polled every 5 ms) */
    private static long[] crashOnce(BenchServers servers, String schema, EventStore writer, Duration lease) {
        DurableSubscriptionSpec spec = DurableSubscriptionSpec.builder(DurablePasses.freshName("takeover")).start(StartPosition.now())
                .leaseTime(lease).build();
        Instance a = new Instance(servers, schema, "a");
        Instance b = new Instance(servers, schema, "b");
        AtomicLong handledByA = new AtomicLong();
        AtomicLong firstAtB = new AtomicLong();
        Disposable load = null;
        try {
            DurableSubscription atA = a.start(spec, event -> {
                handledByA.incrementAndGet();
                return Mono.empty();
            });
            awaitUntil(() -> atA.segments().contains(0), "A to own the segment");
            DurableSubscription atB = b.start(spec, event -> {
                firstAtB.compareAndSet(0, System.nanoTime());
                return Mono.empty();
            });
            // B's coordination loop has ticked (and found the segment taken) before the crash
            Mono.delay(spec.renewInterval().multipliedBy(2)).block();
            load = Flux.interval(TICK).onBackpressureDrop()
                    .concatMap(tick -> writer.appendEvent(BenchEvents.event(BenchEvents.newAggregateId())), 1)
                    .subscribe();
            awaitUntil(() -> handledByA.get() >= 10, "A to handle events");
            if (firstAtB.get() != 0 || !atB.segments().isEmpty()) {
                throw new IllegalStateException("B ran the segment before the crash");
            }
            long crash = System.nanoTime();
            a.crash(servers);
            long claimedAt = 0;
            long deadline = crash + lease.multipliedBy(3).plus(TIMEOUT).toNanos();
            while (firstAtB.get() == 0 && System.nanoTime() < deadline) {
                if (claimedAt == 0 && atB.segments().contains(0)) {
                    claimedAt = System.nanoTime();
                }
                Mono.delay(Duration.ofMillis(5)).block();
            }
            if (firstAtB.get() == 0) {
                throw new IllegalStateException("B delivered nothing " + Duration.ofNanos(deadline - crash) + " after the crash");
            }
            return new long[] {firstAtB.get() - crash, (claimedAt == 0 ? firstAtB.get() : claimedAt) - crash};
        } finally {
            if (load != null) {
                load.dispose();
            }
            a.crash(servers);
            b.close();
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + TIMEOUT + " for " + what);
            }
            Mono.delay(Duration.ofMillis(5)).block();
        }
    }

    /** One application instance: its own pool, store and durable subscriptions, under an application_name of its own. */
    private static final class Instance {
        private final String application;
        private final ConnectionPool pool;
        private final EventStore store;
        private final R2dbcDurableSubscriptions durable;
        private final List<DurableSubscription> started = new ArrayList<>();
        private boolean crashed;

        Instance(BenchServers servers, String schema, String name) {
            this.application = "es-bench-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
            ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(servers.r2dbcUrl()).mutate()
                    .option(Option.valueOf("applicationName"), application).build();
            this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(options))
                    .initialSize(0).maxSize(8).maxAcquireTime(TIMEOUT).build());
            this.store = R2dbcEventStores.builder(pool).schema(schema).build();
            this.durable = R2dbcDurableSubscriptions.create(store, pool, schema, name);
        }

        DurableSubscription start(DurableSubscriptionSpec spec, EventHandler handler) {
            DurableSubscription subscription = Objects.requireNonNull(durable.start(spec, handler).block(TIMEOUT));
            started.add(subscription);
            return subscription;
        }

        /** Ends the instance as a dying process would: no hand-over, its sessions killed, its pool dropped. Idempotent. */
        void crash(BenchServers servers) {
            if (crashed) {
                return;
            }
            crashed = true;
            started.forEach(Disposable::dispose);
            Mono.usingWhen(servers.pool().create(),
                    c -> Flux.from(c.createStatement(TERMINATE).bind(0, application).execute()).concatMap(r -> r.map(row -> true)).then(),
                    Connection::close).block(TIMEOUT);
            store.close().onErrorComplete().block(TIMEOUT);
            pool.disposeLater().onErrorComplete().block(TIMEOUT);
        }

        /** Stops gracefully and releases everything. */
        void close() {
            durable.close().onErrorComplete().block(Duration.ofMinutes(1));
            store.close().onErrorComplete().block(TIMEOUT);
            pool.disposeLater().onErrorComplete().block(TIMEOUT);
        }
    }
}
