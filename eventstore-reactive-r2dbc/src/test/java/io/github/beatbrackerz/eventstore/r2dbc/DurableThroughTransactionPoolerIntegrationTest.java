package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.r2dbc.test.PgBouncer;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * Durable subscriptions through a real PgBouncer in transaction mode, as behind Supabase's
 * transaction pooler: the migrations, the store, the coordination (claims, renewals, checkpoints, status) and the
 * transactional handler's transactions all go through it, with more client connections than
 * PgBouncer has server connections, so consecutive transactions of one client land on different
 * server sessions. Only the live feed's {@code LISTEN} connection is direct, as the README says.
 */
class DurableThroughTransactionPoolerIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @RegisterExtension
    static final PgBouncer BOUNCER = PgBouncer.transactionMode(DB, 2);

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int STREAMS = 6;
    private static final int PER_STREAM = 10;

    @Test
    void atLeastOnceAndTransactionalSubscriptionsRunThroughTheTransactionPooler() {
        String schema = DB.newSchema(false);
        // no ?schema= in the URL: it becomes a search_path startup parameter, which PgBouncer refuses (see README, Supabase)
        R2dbcEventStoreBuilder builder = R2dbcEventStores
                .connect(BOUNCER.r2dbcUrl() + "?maxSize=6&preparedStatementCacheQueries=0")
                .schema(schema)
                .subscriptions(SubscriptionMode.listenNotify(SubscriptionOptions.defaults(),
                        DB.unpooledConnectionFactory("es-pooler-listen-" + UUID.randomUUID().toString().substring(0, 8))));
        builder.initializeSchema().block(TIMEOUT);
        DB.execute("CREATE TABLE " + schema + ".counts (stream text PRIMARY KEY, events bigint NOT NULL, last_seq bigint NOT NULL)")
                .block(TIMEOUT);
        EventStore store = builder.build();
        R2dbcDurableSubscriptions durable = builder.durableSubscriptions(store);
        try {
            Set<UUID> seen = ConcurrentHashMap.newKeySet();
            durable.start(DurableWorkload.spec("pooled-at-least-once", 2).build(), event -> Mono.fromRunnable(() -> seen.add(event.id())))
                    .block(TIMEOUT);
            durable.startTransactional(DurableWorkload.spec("pooled-exactly-once", 2).build(), TransactionalHandler.perEvent(
                    (event, connection) -> Mono.from(connection.createStatement("INSERT INTO " + schema + ".counts AS c VALUES ($1, 1, $2)"
                                    + " ON CONFLICT (stream) DO UPDATE SET events = c.events + 1, last_seq = excluded.last_seq")
                            .bind(0, event.aggregateId()).bind(1, event.sequenceNumber()).execute())
                            .flatMap(result -> Mono.from(result.getRowsUpdated())).then()))
                    .block(TIMEOUT);

            List<RecordedEvent> written = DurableWorkload.write(store, "p-", STREAMS, PER_STREAM, 4);

            await().atMost(TIMEOUT).until(() -> seen.size() == written.size());
            assertThat(seen).containsExactlyInAnyOrderElementsOf(written.stream().map(RecordedEvent::id).toList());
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(counts(schema))
                    .as("each event applied exactly once, the last one last")
                    .hasSize(STREAMS).allSatisfy((stream, count) -> assertThat(count).isEqualTo(PER_STREAM + "/" + PER_STREAM)));
            RecordedEvent last = written.stream().max(java.util.Comparator.comparing(RecordedEvent::position)).orElseThrow();
            for (String name : List.of("pooled-at-least-once", "pooled-exactly-once")) {
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(durable.status(name).collectList().block(TIMEOUT))
                        .hasSize(2).allSatisfy(segment -> {
                            assertThat(segment.leaseHeld()).isTrue();
                            assertThat(segment.heartbeatAge()).isNotNull();
                            assertThat(segment.lag()).isEqualTo(DurableStatus.Lag.NONE);
                            assertThat(segment.checkpoint().compareTo(last.position())).isLessThanOrEqualTo(0);
                        }));
            }
        } finally {
            durable.close().block(TIMEOUT);
            store.close().block(TIMEOUT);
        }
    }

    private static Map<String, String> counts(String schema) {
        return Objects.requireNonNull(DB.column("SELECT stream || '=' || events || '/' || last_seq FROM " + schema + ".counts", String.class)
                .collectList().block(TIMEOUT)).stream()
                .map(row -> row.split("=", 2))
                .collect(Collectors.toMap(row -> row[0], row -> row[1]));
    }
}
