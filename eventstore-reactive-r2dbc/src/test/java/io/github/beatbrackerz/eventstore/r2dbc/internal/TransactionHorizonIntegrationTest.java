package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static io.github.beatbrackerz.eventstore.r2dbc.internal.MovedHistory.OLD_CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.PositionRebaseRequiredException;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** Positions after a move to another cluster: the failure reproduced, and its detection. */
class TransactionHorizonIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void restoredIdsAboveTheCounterHoldRestoredEventsBackAndMakeOldCheckpointsSkipNewEvents() {
        MovedHistory moved = restoredStore();
        appendNewEvent(moved.schema, 3);

        // Only the event written after the move is delivered; the restored ones wait for a counter four billion ahead.
        assertThat(moved.engineOrder()).containsExactly(3L);
        // A subscriber resuming from a checkpoint taken before the move misses the new event.
        assertThat(moved.engineOrder(Position.of(OLD_CLUSTER + 1, 1))).isEmpty();
    }

    @Test
    void initializeSchemaAndTheEngineCheckRefuseARestoredStoreNamingTheFix() {
        MovedHistory moved = restoredStore();
        SchemaName schema = new SchemaName(moved.schema);

        new SchemaInitializer(DB.connectionFactory(), schema).initialize().as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(PositionRebaseRequiredException.class, refused -> {
                    assertThat(refused.isRetryable()).isFalse();
                    assertThat(refused.eventsAhead()).isEqualTo(2);
                    assertThat(refused.highestTransactionId()).isEqualTo(OLD_CLUSTER + 2);
                    assertThat(refused.transactionCounter()).isBetween(3L, OLD_CLUSTER);
                    assertThat(refused).hasMessageContaining("restored or copied from another PostgreSQL cluster")
                            .hasMessageContaining("rebasePositions()").hasMessageContaining("Operations: backup, restore and migration");
                }))
                .verify(WAIT);
        new TransactionHorizon(DB.connectionFactory(), schema).verify().as(StepVerifier::create)
                .expectError(PositionRebaseRequiredException.class).verify(WAIT);
        // The migrations themselves were kept: the rebase can run.
        assertThat(DB.column("SELECT to_regclass('" + moved.schema + ".position_rebases')::text", String.class).blockFirst(WAIT))
                .isEqualTo(moved.schema + ".position_rebases");
    }

    @Test
    void aStoreThatNeverMovedPassesAlsoWithIdsFromTheClustersPast() {
        String schema = DB.newSchema(true);
        appendNewEvent(schema, 1);
        // Ids far below today's counter, as a store written long ago or a promoted physical standby has them.
        DB.execute("INSERT INTO " + schema + ".events (type, aggregate_id, aggregate_type, sequence_number, created_by, transaction_id)"
                + " VALUES ('Old', 'early', 'order', 1, 't', '3'::xid8), ('Old', 'early', 'order', 2, 't', '98'::xid8)").block(WAIT);

        new TransactionHorizon(DB.connectionFactory(), new SchemaName(schema)).verify().as(StepVerifier::create).expectComplete().verify(WAIT);
        new SchemaInitializer(DB.connectionFactory(), new SchemaName(schema)).initialize().as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    @Test
    void anEmptyStorePasses() {
        new TransactionHorizon(DB.connectionFactory(), new SchemaName(DB.schema())).verify().as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    private static MovedHistory restoredStore() {
        return new MovedHistory(DB, DB.newSchema(true)).restore("restored", new long[] {1, OLD_CLUSTER + 1, 1}, new long[] {2, OLD_CLUSTER + 2, 2});
    }

    private static void appendNewEvent(String schema, long expectedPosition) {
        Ports.of(DB.connectionFactory(), schema).events()
                .append(new AppendRequest(List.of(Ports.event(StreamId.of("new", "order"), "Written")), ExpectedVersion.any()))
                .as(StepVerifier::create)
                .assertNext(event -> assertThat(event.globalPosition()).isEqualTo(expectedPosition))
                .expectComplete().verify(WAIT);
    }
}
