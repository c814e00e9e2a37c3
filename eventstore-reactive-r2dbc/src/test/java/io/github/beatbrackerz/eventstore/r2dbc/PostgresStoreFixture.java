package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.tck.EventStoreFixture;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;

/**
 * Stores for the conformance suite: each over a fresh, migrated schema of the class's database.
 * Real-time delivery is the builder's default LISTEN/NOTIFY engine.
 */
final class PostgresStoreFixture implements EventStoreFixture {

    private final PostgresTestDatabase database;
    private final int pageSize;

    PostgresStoreFixture(PostgresTestDatabase database, int pageSize) {
        this.database = database;
        this.pageSize = pageSize;
    }

    @Override
    public EventStore newStore() {
        return newStore(Upcasters.none());
    }

    @Override
    public EventStore newStore(Upcasters upcasters) {
        R2dbcEventStoreBuilder builder = R2dbcEventStores.builder(database.connectionFactory())
                .schema(database.newSchema(true))
                .pageSize(pageSize)
                .upcasters(upcasters);
        return builder.build();
    }

    @Override
    public long acquiredConnections() {
        return database.acquiredConnections();
    }
}
