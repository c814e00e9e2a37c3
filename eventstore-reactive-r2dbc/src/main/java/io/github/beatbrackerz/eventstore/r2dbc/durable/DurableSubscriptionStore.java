package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.durable.spi.DurableStore;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSql;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.r2dbc.spi.ConnectionFactory;

/**
 * The PostgreSQL storage and coordination of durable subscriptions in one schema, whose tables
 * {@link io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaInitializer} creates. Creating it
 * does no I/O; each part borrows a connection per statement from the factory (a pool, or a
 * transaction-mode pooler: no part needs a session connection).
 */
public final class DurableSubscriptionStore implements DurableStore {

    private final SubscriptionRegistry registry;
    private final SegmentLeases leases;
    private final Checkpoints checkpoints;
    private final DeadLetters deadLetters;

    /**
     * @param connections where statements run, usually a pool
     * @param schema the schema holding the durable subscription tables
     */
    public DurableSubscriptionStore(ConnectionFactory connections, SchemaName schema) {
        R2dbcSql sql = new R2dbcSql(Arguments.required("connections", connections));
        DurableTables tables = new DurableTables(Arguments.required("schema", schema));
        this.registry = new SubscriptionRegistry(sql, tables);
        this.leases = new SegmentLeases(sql, tables);
        this.checkpoints = new Checkpoints(sql, tables);
        this.deadLetters = new DeadLetters(sql, tables);
    }

    /** @return register, pause, resume, reset, delete and status of subscription names */
    public SubscriptionRegistry registry() {
        return registry;
    }

    /** @return member heartbeats, claims, renewals, releases and rebalancing */
    public SegmentLeases leases() {
        return leases;
    }

    /** @return fenced checkpoint writes, alone or in the caller's transaction */
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** @return parked events: park, list, skip and replay */
    public DeadLetters deadLetters() {
        return deadLetters;
    }
}
