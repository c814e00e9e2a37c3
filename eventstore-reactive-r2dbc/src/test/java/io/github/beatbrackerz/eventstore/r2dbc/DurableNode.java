package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.EventHandler;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.Disposable;

/**
 * One application instance for the multi-instance tests: its own pool (and LISTEN connection)
 * under its own {@code application_name}, its own store and its own durable subscriptions, over
 * a schema shared with the other instances. {@link #crash()} ends it as a dying process would.
 */
final class DurableNode {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final String name;
    final String application;
    final ConnectionPool pool;
    final EventStore store;
    final R2dbcDurableSubscriptions durable;
    private final PostgresTestDatabase db;
    private final List<DurableSubscription> started = new CopyOnWriteArrayList<>();

    DurableNode(PostgresTestDatabase db, String schema, String name) {
        this.db = db;
        this.name = name;
        this.application = "es-durable-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(db.unpooledConnectionFactory(application))
                .initialSize(0).maxSize(8).acquireRetry(8).maxAcquireTime(Duration.ofSeconds(20)).build());
        this.store = R2dbcEventStores.builder(pool).schema(schema).build();
        this.durable = R2dbcDurableSubscriptions.create(store, pool, schema, name);
    }

    DurableSubscription start(DurableSubscriptionSpec spec, EventHandler handler) {
        return remember(durable.start(spec, handler).block(TIMEOUT));
    }

    DurableSubscription startTransactional(DurableSubscriptionSpec spec, TransactionalHandler handler) {
        return remember(durable.startTransactional(spec, handler).block(TIMEOUT));
    }

    private DurableSubscription remember(DurableSubscription subscription) {
        started.add(Objects.requireNonNull(subscription));
        return subscription;
    }

    /** @return the owner id of this node's subscription (the first one started) */
    String owner() {
        return started.get(0).owner();
    }

    /** Kills this node's database sessions (all of them: pool and LISTEN); the node itself runs on. */
    long killBackends() {
        return Objects.requireNonNull(db.terminateBackends(application).block(TIMEOUT));
    }

    /** Ends the node as a crash would: no hand-over, no leave; its sessions are killed, its resources dropped. */
    void crash() {
        started.forEach(Disposable::dispose);
        killBackends();
        store.close().onErrorComplete().block(TIMEOUT);
        pool.disposeLater().onErrorComplete().block(TIMEOUT);
    }

    /** Stops gracefully and releases everything. */
    void close() {
        durable.close().block(TIMEOUT);
        store.close().onErrorComplete().block(TIMEOUT);
        pool.disposeLater().onErrorComplete().block(TIMEOUT);
    }
}
