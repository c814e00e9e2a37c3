package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code lag()} names what holds the commit-safe watermark back: a session's open transaction,
 * and a prepared (two-phase) transaction, which no session shows. Runs on the embedded server,
 * which enables prepared transactions ({@code max_prepared_transactions} is 0 by default).
 */
class WatermarkHoldersIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.embedded();

    private SubscriptionFixture fixture;
    private String gid;

    @AfterEach
    void close() {
        if (gid != null) {
            // a prepared transaction outlives its session: end it whatever the test did
            DB.execute("ROLLBACK PREPARED '" + gid + "'").onErrorResume(error -> Mono.empty()).block(Duration.ofSeconds(10));
        }
        if (fixture != null) {
            fixture.engine.close().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void lagNamesTheSessionAndThePreparedTransactionThatHoldDeliveryBack() {
        fixture = new SubscriptionFixture(DB, SubscriptionOptions.builder().pollInterval(Duration.ofMillis(100)).build());
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(live::isReady);

        gid = "es-test-" + UUID.randomUUID();
        Connection preparer = Mono.from(DB.connectionFactory().create()).block(Duration.ofSeconds(10));
        Connection idle = Mono.from(DB.connectionFactory().create()).block(Duration.ofSeconds(10));
        try {
            Mono.from(preparer.beginTransaction())
                    .then(execute(preparer, "SELECT pg_current_xact_id()::text"))
                    .then(execute(preparer, "PREPARE TRANSACTION '" + gid + "'"))
                    .block(Duration.ofSeconds(10));
            Mono.from(idle.beginTransaction()).then(execute(idle, "SELECT pg_current_xact_id()::text")).block(Duration.ofSeconds(10));
            Integer idlePid = DB.column("SELECT pid FROM pg_stat_activity WHERE state = 'idle in transaction' AND backend_xid IS NOT NULL"
                    + " AND application_name = '" + DB.applicationName() + "'", Integer.class).blockFirst(Duration.ofSeconds(10));
            List<UUID> written = fixture.append("order-1", 2, Duration.ZERO, true).block(Duration.ofSeconds(10));

            SubscriptionLag lag = fixture.engine.lag().block(Duration.ofSeconds(10));
            assertThat(lag.heldBackEvents()).isEqualTo(2);
            assertThat(lag.holders()).anySatisfy(holder -> {
                assertThat(holder.kind()).isEqualTo(WatermarkHolder.Kind.PREPARED);
                assertThat(holder.gid()).isEqualTo(gid);
                assertThat(holder.pid()).isNull();
                assertThat(holder.toString()).contains(gid);
            });
            assertThat(lag.holders()).anySatisfy(holder -> {
                assertThat(holder.kind()).isEqualTo(WatermarkHolder.Kind.SESSION);
                assertThat(holder.pid()).isEqualTo(idlePid);
                assertThat(holder.state()).isEqualTo("idle in transaction");
                assertThat(holder.applicationName()).isEqualTo(DB.applicationName());
            });
            // the prepared transaction is older than the session's: it comes first
            assertThat(lag.holders().get(0).kind()).isEqualTo(WatermarkHolder.Kind.PREPARED);
            assertThat(lag.oldestTransactionAge()).isEqualTo(lag.holders().get(0).age());
            assertThat(live.count()).isZero();

            Mono.from(idle.rollbackTransaction()).block(Duration.ofSeconds(10));
            // still held: only ending the prepared transaction releases the watermark
            assertThat(fixture.engine.lag().block(Duration.ofSeconds(10)).heldBackEvents()).isEqualTo(2);
            String ended = gid;
            DB.execute("ROLLBACK PREPARED '" + ended + "'").block(Duration.ofSeconds(10));
            gid = null;
            await().atMost(Duration.ofSeconds(20)).until(() -> live.count() == 2);
            assertThat(live.ids()).containsExactlyElementsOf(written);
            assertThat(fixture.engine.lag().block(Duration.ofSeconds(10)).holders())
                    .noneMatch(holder -> ended.equals(holder.gid()) || idlePid.equals(holder.pid()));
        } finally {
            Mono.from(preparer.close()).block(Duration.ofSeconds(10));
            Mono.from(idle.close()).block(Duration.ofSeconds(10));
        }
    }

    private static Mono<Void> execute(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).concatMap(result -> result.getRowsUpdated()).then();
    }
}
