package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.tck.EventStoreConformance;
import io.github.beatbrackerz.eventstore.tck.EventStoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's conformance suite on PostgreSQL, each test in a fresh schema, with pages of 3 events
 * so that every streamed read crosses page boundaries.
 */
@ExtendWith(RequiresSubscriptionEngine.class)
class PostgresConformanceIntegrationTest extends EventStoreConformance {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final EventStoreFixture FIXTURE = new PostgresStoreFixture(DB, 3);

    @Override
    protected EventStoreFixture fixture() {
        return FIXTURE;
    }
}
