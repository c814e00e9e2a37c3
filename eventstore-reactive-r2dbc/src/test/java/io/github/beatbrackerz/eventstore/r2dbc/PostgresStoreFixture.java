package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.tck.EventStoreFixture;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Stores for the conformance suite: each over a fresh, migrated schema of the class's database.
 * Real-time delivery comes from the first {@link SubscriptionSourceFactory} registered with
 * {@link ServiceLoader} on the test classpath, if any.
 */
final class PostgresStoreFixture implements EventStoreFixture {

    private final PostgresTestDatabase database;
    private final int pageSize;

    PostgresStoreFixture(PostgresTestDatabase database, int pageSize) {
        this.database = database;
        this.pageSize = pageSize;
    }

    static Optional<SubscriptionSourceFactory> subscriptions() {
        return ServiceLoader.load(SubscriptionSourceFactory.class).findFirst();
    }

    @Override
    public EventStore newStore() {
        R2dbcEventStoreBuilder builder = R2dbcEventStores.builder(database.connectionFactory())
                .schema(database.newSchema(true))
                .pageSize(pageSize);
        subscriptions().ifPresent(builder::subscriptionSource);
        return builder.build();
    }

    @Override
    public long acquiredConnections() {
        return database.acquiredConnections();
    }
}
