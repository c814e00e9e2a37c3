package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streams at least ten times the JVM's heap of event data through a subscriber that requests one
 * event at a time, then cancels a replay mid-stream. Runs in its own surefire execution with
 * {@code -Xmx64m} ({@code bounded-replay} in the module POM).
 */
class BoundedReplayIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final int PAYLOAD_CHARS = 64 * 1024;
    private static final StreamId STREAM = StreamId.of("replay", "big");
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static long events;

    @BeforeAll
    static void writeTenHeapsOfEvents() {
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(heap).as("run through the bounded-replay surefire execution (-Xmx64m)").isLessThan(128L * 1024 * 1024);
        events = 10 * heap / PAYLOAD_CHARS + 1;
        String schema = DB.schema();
        DB.execute("INSERT INTO " + schema + ".events (id, type, aggregate_id, aggregate_type, sequence_number, payload, created_by)"
                + " SELECT gen_random_uuid(), 'Big', 'replay', 'big', g, jsonb_build_object('blob', repeat('x', " + (PAYLOAD_CHARS - 12) + ")), 'gen'"
                + " FROM generate_series(1, " + events + ") g;"
                + " INSERT INTO " + schema + ".aggregate_sequences VALUES ('replay', 'big', " + events + ")").block(WAIT);
    }

    @Test
    void aOneAtATimeSubscriberStreamsTenHeapsOfEvents() {
        Ports ports = Ports.of(DB.connectionFactory(), DB.schema(), 16);

        long chars = ports.events().find(EventQuery.all())
                .limitRate(1)
                .map(event -> (long) event.payload().text().length())
                .reduce(0L, Long::sum)
                .block(WAIT);

        assertThat(chars).isGreaterThanOrEqualTo(10 * Runtime.getRuntime().maxMemory());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(DB.acquiredConnections()).isZero());
    }

    @Test
    void cancellingMidStreamReleasesTheConnection() {
        Ports ports = Ports.of(DB.connectionFactory(), DB.schema(), 500);

        long last = ports.events().find(EventQuery.forStream(STREAM))
                .limitRate(1)
                .take(events / 2)
                .map(RecordedEvent::sequenceNumber)
                .blockLast(WAIT);

        assertThat(last).isEqualTo(events / 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(DB.acquiredConnections()).isZero());
        assertThat(ports.events().find(EventQuery.forStream(STREAM)).take(1).single().block(WAIT).sequenceNumber()).isEqualTo(1);
    }
}
