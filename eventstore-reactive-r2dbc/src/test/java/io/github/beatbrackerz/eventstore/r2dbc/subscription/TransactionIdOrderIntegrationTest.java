package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transaction ids order numerically, also where their decimal text does not: the 25-minute soak
 * lost events when ids crossed 1,000,000, because the selected {@code transaction_id::text} once
 * had the column's own name and {@code ORDER BY transaction_id} sorted by that text.
 */
class TransactionIdOrderIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private SubscriptionFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.engine.close().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void eventsWhoseTransactionIdsDifferInDigitCountArriveOnceInNumericOrder() {
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pageSize(2).build());
        // Ids from the cluster's past (any cluster is beyond xid 700 after initdb), so all are deliverable:
        // as text "100" < "101" < "99" < "98", numerically the reverse.
        String insert = "INSERT INTO " + fixture.schema + ".events (id, type, aggregate_id, aggregate_type, sequence_number, created_by, transaction_id)"
                + " VALUES (gen_random_uuid(), 'Placed', 'o-1', 'Order', 1, 't', '98'::xid8), (gen_random_uuid(), 'Placed', 'o-1', 'Order', 2, 't', '99'::xid8),"
                + " (gen_random_uuid(), 'Placed', 'o-1', 'Order', 3, 't', '100'::xid8), (gen_random_uuid(), 'Placed', 'o-1', 'Order', 4, 't', '101'::xid8)";
        DB.execute(insert).block(Duration.ofSeconds(10));

        List<RecordedEvent> received = fixture.engine.subscribeFrom(Position.BEGINNING, EventFilter.all())
                .take(4).collectList().block(Duration.ofSeconds(30));

        assertThat(received).extracting(e -> e.position().transactionId()).containsExactly(98L, 99L, 100L, 101L);
        assertThat(received).extracting(RecordedEvent::sequenceNumber).containsExactly(1L, 2L, 3L, 4L);
    }
}
