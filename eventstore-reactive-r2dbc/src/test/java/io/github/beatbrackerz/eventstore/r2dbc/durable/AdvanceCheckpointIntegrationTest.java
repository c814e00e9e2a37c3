package io.github.beatbrackerz.eventstore.r2dbc.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * {@code Checkpoints.advance} tells a transactional batch whether it moved the checkpoint, so a
 * batch retried after a commit whose acknowledgement was lost is rolled back instead of applied
 * twice; a lost lease still fails it.
 */
class AdvanceCheckpointIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private final DurableFixture fixture = new DurableFixture(DB);
    private final Checkpoints checkpoints = fixture.store.checkpoints();

    @Test
    void advancingReportsWhetherTheCheckpointMoved() {
        fixture.register("advanced", 1);
        Lease lease = fixture.claim("advanced", "owner", 1).get(0);

        fixture.inTransaction(connection -> checkpoints.advance(connection, lease, Position.of(5, 50)))
                .as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);
        fixture.inTransaction(connection -> checkpoints.advance(connection, lease, Position.of(5, 50)))
                .as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        fixture.inTransaction(connection -> checkpoints.advance(connection, lease, Position.of(4, 60)))
                .as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        fixture.inTransaction(connection -> checkpoints.advance(connection, lease, Position.of(6, 1)))
                .as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);

        assertThat(fixture.status("advanced").get(0).checkpoint()).isEqualTo(Position.of(6, 1));
    }

    @Test
    void advancingWithALostLeaseErrors() {
        fixture.register("advance-lost", 1);
        Lease old = fixture.leases().claim("advance-lost", "old", Duration.ofMillis(300), 1).blockFirst(DurableFixture.TIMEOUT);
        assertThat(old).isNotNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.claim("advance-lost", "heir", 1).isEmpty());

        fixture.inTransaction(connection -> checkpoints.advance(connection, old, Position.of(3, 30)))
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(LeaseLostException.class))
                .verify(DurableFixture.TIMEOUT);
        assertThat(fixture.status("advance-lost").get(0).checkpoint()).isEqualTo(Position.BEGINNING);
    }
}
