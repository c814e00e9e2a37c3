package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.PositionRebaseRequiredException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** The operator's path after a restore into a new cluster, through the public builder. */
class RebasePositionsIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void initializeSchemaRefusesUntilRebasePositionsRanThenTheHistoryAndNewEventsArriveInOrder() {
        String schema = DB.newSchema(true);
        DB.execute("INSERT INTO " + schema + ".events (type, aggregate_id, aggregate_type, sequence_number, created_by, global_position, transaction_id)"
                + " VALUES ('Restored', 'o-1', 'order', 1, 'old', 1, '4000000007'), ('Restored', 'o-1', 'order', 2, 'old', 2, '4000000009');"
                + " INSERT INTO " + schema + ".aggregate_sequences VALUES ('o-1', 'order', 2);"
                + " SELECT setval(pg_get_serial_sequence('" + schema + ".events', 'global_position'), 2)").block(WAIT);
        R2dbcEventStoreBuilder builder = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema);

        builder.initializeSchema().as(StepVerifier::create).expectError(PositionRebaseRequiredException.class).verify(WAIT);
        builder.rebasePositions().as(StepVerifier::create).expectNext(2L).expectComplete().verify(WAIT);
        builder.rebasePositions().as(StepVerifier::create).expectNext(0L).expectComplete().verify(WAIT);
        builder.initializeSchema().as(StepVerifier::create).expectComplete().verify(WAIT);

        EventStore store = builder.build();
        try {
            store.appendEvent(NewEvent.builder().type("Written").aggregateId("o-1").aggregateType("order").createdBy("new").build())
                    .as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
            List<RecordedEvent> delivered = store.subscribeFrom(Position.BEGINNING, EventFilter.all()).take(3).collectList().block(WAIT);
            assertThat(delivered).extracting(RecordedEvent::sequenceNumber).containsExactly(1L, 2L, 3L);
        } finally {
            store.close().block(WAIT);
        }
    }

    @Test
    void aMovedStoreRefusesToDeliverThenOldCheckpointsResumeExactlyAfterTheRebase() {
        String schema = DB.newSchema(true);
        DB.execute("INSERT INTO " + schema + ".events (type, aggregate_id, aggregate_type, sequence_number, created_by, global_position, transaction_id)"
                + " VALUES ('Restored', 'o-1', 'order', 1, 'old', 1, '4000000007'), ('Restored', 'o-1', 'order', 2, 'old', 2, '4000000009'),"
                + " ('Restored', 'o-1', 'order', 3, 'old', 3, '4000000011');"
                + " INSERT INTO " + schema + ".aggregate_sequences VALUES ('o-1', 'order', 3);"
                + " SELECT setval(pg_get_serial_sequence('" + schema + ".events', 'global_position'), 3)").block(WAIT);
        R2dbcEventStoreBuilder builder = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema);
        EventStore store = builder.build();
        try {
            // The engine refuses instead of delivering new events while holding the restored ones back.
            store.subscribeToSignals(EventFilter.all()).as(StepVerifier::create)
                    .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(PositionRebaseRequiredException.class)
                            .hasMessageContaining("rebasePositions()"))
                    .verify(WAIT);
            store.subscribeFrom(Position.BEGINNING, EventFilter.all()).as(StepVerifier::create)
                    .expectError(PositionRebaseRequiredException.class)
                    .verify(WAIT);

            builder.rebasePositions().as(StepVerifier::create).expectNext(3L).expectComplete().verify(WAIT);
            // A checkpoint taken on the old cluster, after its first event, resumes with exactly the events after it.
            Position oldCheckpoint = Position.of(4_000_000_007L, 1);
            store.appendEvent(NewEvent.builder().type("Written").aggregateId("o-1").aggregateType("order").createdBy("new").build())
                    .as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
            List<RecordedEvent> resumed = store.subscribeFrom(oldCheckpoint, EventFilter.all()).take(3).collectList().block(WAIT);
            assertThat(resumed).extracting(RecordedEvent::sequenceNumber).containsExactly(2L, 3L, 4L);
            StepVerifier.create(store.subscribeToSignals(EventFilter.all()).take(1))
                    .expectNextMatches(signal -> signal instanceof SubscriptionSignal.Ready)
                    .expectComplete()
                    .verify(WAIT);
        } finally {
            store.close().block(WAIT);
        }
    }
}
