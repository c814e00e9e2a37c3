package io.github.beatbrackerz.eventstore.r2dbc.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * A checkpoint written in the caller's transaction commits or rolls back with the caller's own
 * writes (a read-model row here), is refused when the lease was lost, and keeps the segment from
 * being taken over while that transaction is open.
 */
class TransactionalCheckpointIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private final DurableFixture fixture = new DurableFixture(DB);
    private final Checkpoints checkpoints = fixture.store.checkpoints();
    private final String readModel = fixture.schema + ".order_totals";

    @BeforeEach
    void createReadModel() {
        DB.execute("CREATE TABLE " + readModel + " (order_id TEXT PRIMARY KEY, total BIGINT NOT NULL)").block(DurableFixture.TIMEOUT);
    }

    @Test
    void theCheckpointCommitsWithTheHandlersWrites() {
        fixture.register("committed", 1);
        Lease lease = fixture.claim("committed", "owner", 1).get(0);

        fixture.inTransaction(connection -> upsert(connection, "o-1", 10).then(checkpoints.checkpoint(connection, lease, Position.of(3, 30))))
                .as(StepVerifier::create).expectComplete().verify(WAIT);

        assertThat(fixture.status("committed").get(0).checkpoint()).isEqualTo(Position.of(3, 30));
        assertThat(totals()).containsExactly(10L);
    }

    @Test
    void theCheckpointRollsBackWithTheHandlersWrites() {
        fixture.register("rolledback", 1);
        Lease lease = fixture.claim("rolledback", "owner", 1).get(0);

        fixture.inTransaction(connection -> upsert(connection, "o-1", 10)
                        .then(checkpoints.checkpoint(connection, lease, Position.of(3, 30)))
                        .then(Mono.error(new IllegalStateException("handler failed after the checkpoint statement"))))
                .as(StepVerifier::create).expectErrorMessage("handler failed after the checkpoint statement").verify(WAIT);

        assertThat(fixture.status("rolledback").get(0).checkpoint()).isEqualTo(Position.BEGINNING);
        assertThat(totals()).isEmpty();
    }

    @Test
    void aLostLeaseFailsTheTransactionSoTheCallerRollsBack() {
        fixture.register("lost", 1);
        Lease old = fixture.leases().claim("lost", "old", Duration.ofMillis(300), 1).blockFirst(DurableFixture.TIMEOUT);
        assertThat(old).isNotNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.claim("lost", "heir", 1).isEmpty());

        fixture.inTransaction(connection -> upsert(connection, "o-1", 10).then(checkpoints.checkpoint(connection, old, Position.of(3, 30))))
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(LeaseLostException.class, lost -> {
                    assertThat(lost.subscription()).isEqualTo("lost");
                    assertThat(lost.segment()).isZero();
                    assertThat(lost.token()).isEqualTo(old.token());
                }))
                .verify(DurableFixture.TIMEOUT);

        assertThat(fixture.status("lost").get(0).checkpoint()).isEqualTo(Position.BEGINNING);
        assertThat(totals()).isEmpty();
    }

    @Test
    void aLeaseThatExpiresDuringTheTransactionIsNotTakenOverBeforeItEnds() {
        fixture.register("locked", 1);
        Sinks.Empty<Void> finish = Sinks.empty();
        Lease lease;
        try {
            lease = claimAndCheckpointInOpenTransaction(finish);
            await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.status("locked").get(0).leaseHeld());
            assertThat(fixture.claim("locked", "heir", 1)).as("the row is locked by the open transaction").isEmpty();
        } finally {
            finish.tryEmitEmpty();
        }
        Lease heir = await().atMost(Duration.ofSeconds(20)).until(() -> fixture.claim("locked", "heir", 1), held -> !held.isEmpty()).get(0);

        assertThat(heir.checkpoint()).isEqualTo(Position.of(3, 30));
        assertThat(heir.token()).isGreaterThan(lease.token());
        assertThat(totals()).containsExactly(10L);
        checkpoints.checkpoint(lease, Position.of(4, 40)).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
    }

    /**
     * Claims with a short lease and writes a checkpoint in a transaction that stays open until
     * {@code finish} completes; claims again if the lease lapsed before the checkpoint statement ran.
     */
    private Lease claimAndCheckpointInOpenTransaction(Sinks.Empty<Void> finish) {
        Sinks.One<Lease> written = Sinks.one();
        fixture.leases().claim("locked", "owner", Duration.ofSeconds(2), 1).single()
                .flatMap(lease -> fixture.inTransaction(connection -> upsert(connection, "o-1", 10)
                                .then(checkpoints.checkpoint(connection, lease, Position.of(3, 30)))
                                .then(Mono.fromRunnable(() -> written.tryEmitValue(lease)))
                                .then(finish.asMono())))
                .retry(5)
                .subscribe();
        return written.asMono().block(DurableFixture.TIMEOUT);
    }

    private Mono<Long> upsert(Connection connection, String orderId, long amount) {
        return DurableFixture.execute(connection, "INSERT INTO " + readModel + " VALUES ($1, $2)"
                + " ON CONFLICT (order_id) DO UPDATE SET total = " + readModel + ".total + EXCLUDED.total", orderId, amount);
    }

    private List<Long> totals() {
        return fixture.column("SELECT total FROM " + readModel + " ORDER BY order_id", Long.class);
    }
}
