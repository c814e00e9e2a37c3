package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SchemaInitializerIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @Test
    void createsTablesAndIsSafeToRunTwiceAndConcurrently() {
        String schema = DB.newSchema(false);
        SchemaInitializer initializer = new SchemaInitializer(DB.connectionFactory(), new SchemaName(schema));

        Flux.merge(initializer.initialize(), initializer.initialize(), initializer.initialize()).then()
                .then(initializer.initialize())
                .as(StepVerifier::create)
                .expectComplete().verify(WAIT);

        assertThat(DB.column("SELECT table_name::text FROM information_schema.tables WHERE table_schema = '" + schema + "' ORDER BY 1", String.class)
                        .collectList().block(Duration.ofSeconds(10)))
                .containsExactly("aggregate_sequences", "cache_epoch", "events", "events_archive", "position_rebases", "schema_version", "snapshots",
                        "subscription_dead_letters",
                        "subscription_members", "subscription_segments");
        assertThat(DB.column("SELECT indexname::text FROM pg_indexes WHERE schemaname = '" + schema + "' AND tablename = 'events'", String.class)
                        .collectList().block(Duration.ofSeconds(10)))
                .containsExactlyInAnyOrder("events_pkey", "events_stream_sequence_key", "events_global_position_key",
                        "idx_events_transaction_position", "idx_events_type_position", "idx_events_aggregate_type_position",
                        "idx_events_correlation_id");
        assertThat(DB.column("SELECT version FROM " + schema + ".schema_version", Integer.class).collectList().block(Duration.ofSeconds(10)))
                .containsExactly(SchemaInitializer.SCRIPTS.size());
    }

    /**
     * The CI failure of 2026-12-04 (a deadlock between a starting instance's migrations and an append): on a current
     * schema the initializer must not wait for the table locks that an append in flight holds.
     */
    @Test
    void aCurrentSchemaIsNotLockedAgainstAppendsInFlight() {
        String schema = DB.newSchema(true);
        Connection append = begin(schema);
        try {
            new SchemaInitializer(DB.connectionFactory(), new SchemaName(schema)).initialize()
                    .as(StepVerifier::create).expectComplete().verify(WAIT);
        } finally {
            Mono.from(append.close()).block(WAIT);
        }
    }

    /**
     * An upgrade whose scripts wait for a table lock that a long transaction holds must not queue later appends
     * behind its own lock request for longer than its lock timeout: it gives way and tries again, and completes once
     * the long transaction ends. Without the timeout the second "append" below waits until the long one ends, which
     * this test never lets happen first, so it would time out.
     */
    @Test
    void anUpgradeWaitingForATableLockGivesWayToAppendsAndCompletesLater() {
        String schema = DB.newSchema(true);
        DB.execute("DROP TABLE " + schema + ".schema_version").block(WAIT);
        Connection longAppend = begin(schema);
        Connection laterAppend = Mono.from(DB.connectionFactory().create()).block(WAIT);
        try {
            var upgrade = new SchemaInitializer(DB.connectionFactory(), new SchemaName(schema), Duration.ofMillis(300), 1000).initialize().toFuture();
            String waiting = "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE NOT l.granted AND n.nspname = '" + schema + "'";
            // the upgrade's lock request is queued: an append arriving now would queue behind it
            Mono.defer(() -> DB.column(waiting, Long.class).next()).filter(count -> count > 0)
                    .repeatWhenEmpty(repeat -> repeat.delayElements(Duration.ofMillis(10))).block(WAIT);

            Mono.from(laterAppend.beginTransaction()).then(lockForAppend(laterAppend, schema)).then(Mono.from(laterAppend.commitTransaction()))
                    .as(StepVerifier::create).expectComplete().verify(WAIT);
            assertThat(upgrade).as("still waiting for the long transaction").isNotDone();

            Mono.from(longAppend.commitTransaction()).block(WAIT);
            Mono.fromFuture(upgrade).as(StepVerifier::create).expectComplete().verify(WAIT);
            assertThat(DB.column("SELECT version FROM " + schema + ".schema_version", Integer.class).blockFirst(WAIT))
                    .isEqualTo(SchemaInitializer.SCRIPTS.size());
        } finally {
            Mono.from(longAppend.close()).then(Mono.from(laterAppend.close())).block(WAIT);
        }
    }

    /** @return a connection in a transaction holding the table locks of an append in flight */
    private static Connection begin(String schema) {
        Connection connection = Mono.from(DB.connectionFactory().create()).block(WAIT);
        Mono.from(connection.beginTransaction()).then(lockForAppend(connection, schema)).block(WAIT);
        return connection;
    }

    private static Mono<Void> lockForAppend(Connection connection, String schema) {
        return Flux.from(connection.createStatement("LOCK TABLE " + schema + ".aggregate_sequences, " + schema + ".events IN ROW EXCLUSIVE MODE")
                .execute()).concatMap(result -> result.getRowsUpdated()).then();
    }

    @Test
    void aSchemaWithoutAVersionGetsTheScriptsAndOneAheadOfThisLibraryIsLeftAlone() {
        String schema = DB.newSchema(true);
        SchemaInitializer initializer = new SchemaInitializer(DB.connectionFactory(), new SchemaName(schema));
        String index = "SELECT count(*) FROM pg_indexes WHERE schemaname = '" + schema + "' AND indexname = 'idx_events_correlation_id'";

        // Upgraded from a version before schema_version: the scripts run and repair what is missing.
        DB.execute("DROP TABLE " + schema + ".schema_version; DROP INDEX " + schema + ".idx_events_correlation_id").block(WAIT);
        initializer.initialize().as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(DB.column(index, Long.class).blockFirst(WAIT)).isEqualTo(1);

        // Recorded by a newer library: nothing runs, nothing is lowered.
        DB.execute("UPDATE " + schema + ".schema_version SET version = 99; DROP INDEX " + schema + ".idx_events_correlation_id").block(WAIT);
        initializer.initialize().as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(DB.column(index, Long.class).blockFirst(WAIT)).isZero();
        assertThat(DB.column("SELECT version FROM " + schema + ".schema_version", Integer.class).blockFirst(WAIT)).isEqualTo(99);
    }

    @Test
    void doesNotStartBeforeSubscription() {
        String schema = DB.newSchema(false);
        Mono<Void> lazy = new SchemaInitializer(DB.connectionFactory(), new SchemaName(schema)).initialize();

        assertThat(DB.column("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "'", Long.class)
                        .blockFirst(Duration.ofSeconds(10)))
                .isZero();
        lazy.as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    @Test
    void rejectsInvalidSchemaNames() {
        assertThatThrownBy(() -> new SchemaName("es; DROP TABLE x"))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("schema ");
    }
}
