package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * Durable subscriptions on PostgreSQL: checkpoints, leases and parked events in the tables of the
 * store's schema (migration {@code V5__durable_subscriptions.sql}, run by {@code
 * initializeSchema()}), events from the store's commit-safe feed. Any number of application
 * instances may start the same name; each segment is processed by at most one of them at a time
 * (leases with fencing tokens), and a crashed instance's segments are taken over within about
 * {@code leaseTime + renewInterval}.
 *
 * <p>Obtain one with {@link R2dbcEventStoreBuilder#durableSubscriptions(EventStore)} or {@link
 * #create(EventStore, ConnectionFactory, String)}; it does no I/O until a method's result is
 * subscribed. Close it ({@link #close()}) before the store on shutdown: the graceful stop hands
 * every segment over at once.
 *
 * <p><b>Connections.</b> Coordination (claims, renewals, heartbeats, checkpoints, parking, status)
 * and the transactional handler's transactions are single statements or ordinary transactions on
 * connections borrowed from {@code connections}; none needs session state (no advisory lock, no
 * {@code LISTEN}, no {@code SET}), so all of it works through Supabase's transaction-mode pooler
 * (port 6543, with {@code preparedStatementCacheQueries=0}). Only the store's live feed needs a
 * direct or session-mode connection for {@code LISTEN}: give the store {@code
 * SubscriptionMode.listenNotify(options, directFactory)}. Without it ({@code
 * SubscriptionMode.disabled()}) there is no feed and durable subscriptions cannot run.
 */
public interface R2dbcDurableSubscriptions extends DurableSubscriptions {

    /**
     * Starts a subscription with exactly-once effects for a read model in the same database: each
     * batch (up to {@link DurableSubscriptionSpec#maxBatchSize()} events of one segment) runs in one
     * transaction, whose connection the handler writes with and which also advances the segment's
     * checkpoint, fenced by the lease. A lost lease rolls the batch back. Otherwise as {@link
     * #start(DurableSubscriptionSpec, io.github.beatbrackerz.eventstore.durable.EventHandler)}.
     *
     * @param spec the subscription ({@code checkpointEvery} does not apply: every batch stores its checkpoint)
     * @param handler applies a batch; see {@link TransactionalHandler}
     * @return lazy; emits the running subscription once its name is registered; errors as {@code start}
     */
    Mono<DurableSubscription> startTransactional(DurableSubscriptionSpec spec, TransactionalHandler handler);

    /**
     * Durable subscriptions over a store and the connections of its database.
     *
     * @param store the store whose feed the subscriptions read
     * @param connections the store's connection factory (a pool), for the durable tables and transactions
     * @param schema the store's schema
     * @return the durable subscriptions; does no I/O
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException naming a null argument or a malformed schema
     */
    static R2dbcDurableSubscriptions create(EventStore store, ConnectionFactory connections, String schema) {
        return create(store, connections, schema, "pid" + ProcessHandle.current().pid());
    }

    /**
     * Durable subscriptions with an instance name of your choice in their owner ids (shown in the
     * status; a random suffix per start keeps them unique).
     *
     * @param store the store whose feed the subscriptions read
     * @param connections the store's connection factory (a pool)
     * @param schema the store's schema
     * @param instanceName for example the host or pod name
     * @return the durable subscriptions; does no I/O
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException naming a null or bad argument
     */
    static R2dbcDurableSubscriptions create(EventStore store, ConnectionFactory connections, String schema, String instanceName) {
        return new DefaultR2dbcDurableSubscriptions(Require.notNull("store", store), Require.notNull("connections", connections),
                new SchemaName(schema), Require.name("instanceName", instanceName));
    }
}
