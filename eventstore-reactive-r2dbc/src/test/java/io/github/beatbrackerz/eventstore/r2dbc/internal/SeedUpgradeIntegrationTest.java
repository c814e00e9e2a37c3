package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** Upgrades the TypeScript library's exact tables in place, with rows written its way. */
class SeedUpgradeIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final String A = "3f1c2b7e-8d9a-4c5b-9e1f-0a1b2c3d4e5f";
    private static final String B = "5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
    private static final String EARLY = "9d8c7b6a-5f4e-4d3c-a2b1-0f9e8d7c6b5a";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void upgradesTheSeedTablesLosingNoRowAndBothWritersKeepWorking() {
        String schema = DB.newSchema(false);
        DB.execute(extensionsSchema()).block(WAIT);
        DB.execute(SchemaInitializer.load("seed-schema.sql").replace("public.", schema + ".")).block(WAIT);
        SeedWriter seed = new SeedWriter(DB.connectionFactory(), schema);
        seed.write(A, "OrderCreated", "{\"total\": 10}").block(WAIT);
        seed.write(B, "OrderCreated", "{\"total\": 20, \"note\": \"it's 100% _done_; ok\"}").block(WAIT);
        seed.write(A, "OrderPaid", "{}").block(WAIT);
        seed.write(A, "OrderShipped", "{\"items\": [1, 2]}").block(WAIT);
        DB.execute("INSERT INTO " + schema + ".events (type, aggregate_id, aggregate_type, sequence_number, created_at, created_by)"
                + " VALUES ('Imported', '" + EARLY + "', 'order', 1, '2020-01-01T00:00:00Z', '" + EARLY + "');"
                + " INSERT INTO " + schema + ".aggregate_sequences VALUES ('" + EARLY + "', 'order', 1);"
                + " INSERT INTO " + schema + ".snapshots (aggregate_id, aggregate_type, sequence_number, state)"
                + " VALUES ('" + A + "', 'order', 2, '{\"status\": \"paid\"}')").block(WAIT);
        List<String> before = rows(schema);

        new SchemaInitializer(DB.connectionFactory(), new SchemaName(schema)).initialize().block(WAIT);

        assertThat(rows(schema)).isEqualTo(before).hasSize(5);
        assertThat(DB.column("SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_schema = '" + schema
                        + "' AND table_name IN ('events', 'aggregate_sequences', 'snapshots')"
                        + " AND column_name IN ('aggregate_id', 'created_by', 'sequence_number', 'last_sequence', 'global_position', 'transaction_id')"
                        + " ORDER BY table_name, column_name", String.class).collectList().block(WAIT))
                .containsExactly("aggregate_id:text", "last_sequence:bigint",
                        "aggregate_id:text", "created_by:text", "global_position:bigint", "sequence_number:bigint", "transaction_id:xid8",
                        "aggregate_id:text", "sequence_number:bigint");

        Ports ports = Ports.of(DB.connectionFactory(), schema);
        List<RecordedEvent> all = ports.events().find(EventQuery.all()).collectList().block(WAIT);
        assertThat(all).extracting(RecordedEvent::globalPosition).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(all).extracting(RecordedEvent::type).containsExactly("Imported", "OrderCreated", "OrderCreated", "OrderPaid", "OrderShipped");
        assertThat(all.get(2).payload().node().get("note").asString()).isEqualTo("it's 100% _done_; ok");
        assertThat(all.get(1).metadata().text()).isEqualTo("{\"source\": \"ts\"}");

        StreamId a = StreamId.of(A, "order");
        ports.events().append(new AppendRequest(List.of(Ports.event(a, "OrderDelivered")), ExpectedVersion.exactly(3)))
                .as(StepVerifier::create).assertNext(event -> assertThat(event.sequenceNumber()).isEqualTo(4)).expectComplete().verify(WAIT);
        assertThat(seed.write(A, "OrderReturned", "{}").block(WAIT)).isEqualTo(5);
        ports.events().append(new AppendRequest(List.of(Ports.event(a, "OrderRefunded")), ExpectedVersion.exactly(5)))
                .as(StepVerifier::create).assertNext(event -> assertThat(event.sequenceNumber()).isEqualTo(6)).expectComplete().verify(WAIT);
        assertThat(ports.events().find(EventQuery.forStream(a)).map(RecordedEvent::sequenceNumber).collectList().block(WAIT))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
        ports.events().validate(a).as(StepVerifier::create).assertNext(result -> assertThat(result.issues()).isEmpty()).expectComplete().verify(WAIT);
        ports.snapshots().findLatest(a, Long.MAX_VALUE).as(StepVerifier::create)
                .assertNext(snapshot -> assertThat(snapshot.sequenceNumber()).isEqualTo(2)).expectComplete().verify(WAIT);

        new SchemaInitializer(DB.connectionFactory(), new SchemaName(schema)).initialize().block(WAIT);
        assertThat(ports.events().find(EventQuery.all()).count().block(WAIT)).isEqualTo(8);
    }

    /**
     * Two TypeScript writers reserved numbers 1 and 2 of stream A, and number 2 was inserted
     * first: its created_at is the earlier one. Upgraded, every stream comes out of a subscription
     * in sequence order, and the streams interleave as their events were created.
     */
    @Test
    void upgradedHistoryComesOutInSequenceOrderWithinEveryStream() {
        String schema = DB.newSchema(false);
        DB.execute(extensionsSchema()).block(WAIT);
        DB.execute(SchemaInitializer.load("seed-schema.sql").replace("public.", schema + ".")).block(WAIT);
        String c = "7c6b5a4f-3e2d-4c1b-8a9f-8e7d6c5b4a3f";
        DB.execute("INSERT INTO " + schema + ".events (type, aggregate_id, aggregate_type, sequence_number, created_at, created_by) VALUES"
                + seedRow(A, 1, "00:00:02") + "," + seedRow(A, 2, "00:00:01") + "," + seedRow(A, 3, "00:00:04") + ","
                + seedRow(B, 1, "00:00:00") + "," + seedRow(B, 2, "00:00:03") + "," + seedRow(c, 1, "00:00:05") + ";"
                + " INSERT INTO " + schema + ".aggregate_sequences VALUES ('" + A + "', 'order', 3), ('" + B + "', 'order', 2), ('" + c + "', 'order', 1)")
                .block(WAIT);

        new SchemaInitializer(DB.connectionFactory(), new SchemaName(schema)).initialize().block(WAIT);

        PostgresSubscriptions engine = PostgresSubscriptions.create(DB.connectionFactory(), DB.pool().unwrap(), schema, SubscriptionOptions.defaults());
        try {
            List<String> delivered = engine.subscribeFrom(Position.BEGINNING, EventFilter.all()).take(6)
                    .map(event -> (event.aggregateId().equals(A) ? "A" : event.aggregateId().equals(B) ? "B" : "C") + event.sequenceNumber())
                    .collectList().block(WAIT);
            assertThat(delivered).containsExactly("B1", "A1", "A2", "B2", "A3", "C1");
        } finally {
            engine.close().block(WAIT);
        }
    }

    private static String seedRow(String aggregateId, int sequence, String time) {
        return " ('Seeded', '" + aggregateId + "', 'order', " + sequence + ", '2024-05-01T" + time + "Z', '" + EARLY + "')";
    }

    private static List<String> rows(String schema) {
        return DB.column("SELECT concat_ws('|', id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_at, created_by)"
                + " FROM " + schema + ".events ORDER BY id", String.class).collectList().block(WAIT);
    }

    private static String extensionsSchema() {
        return "DO $$ BEGIN"
                + " CREATE SCHEMA IF NOT EXISTS extensions;"
                + " IF to_regprocedure('extensions.uuid_generate_v4()') IS NULL THEN"
                + "   CREATE FUNCTION extensions.uuid_generate_v4() RETURNS uuid LANGUAGE sql AS 'SELECT gen_random_uuid()';"
                + " END IF;"
                + " EXCEPTION WHEN duplicate_function OR duplicate_schema OR unique_violation THEN NULL;"
                + " END $$";
    }
}
