package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.tck.DurableSubscriptionConformance;
import io.github.beatbrackerz.eventstore.tck.DurableSubscriptionFixture;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The durable subscription conformance suite on PostgreSQL, each test in a fresh schema. */
class PostgresDurableConformanceIntegrationTest extends DurableSubscriptionConformance {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private final Map<EventStore, R2dbcEventStoreBuilder> builders = new IdentityHashMap<>();

    @Override
    protected DurableSubscriptionFixture fixture() {
        return new DurableSubscriptionFixture() {
            @Override
            public EventStore newStore() {
                return newStore(Upcasters.none());
            }

            @Override
            public EventStore newStore(Upcasters upcasters) {
                R2dbcEventStoreBuilder builder = R2dbcEventStores.builder(DB.connectionFactory()).schema(DB.newSchema(true))
                        .upcasters(upcasters);
                EventStore store = builder.build();
                builders.put(store, builder);
                return store;
            }

            @Override
            public DurableSubscriptions durableSubscriptions(EventStore store) {
                return builders.get(store).durableSubscriptions(store);
            }

            @Override
            public long acquiredConnections() {
                return DB.acquiredConnections();
            }
        };
    }
}
