package io.github.beatbrackerz.eventstore.r2dbc.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentStatus;
import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * A backend killed (pg_terminate_backend, selected by this test's own application_name) in the
 * middle of a claim or of a checkpoint transaction leaves nothing half done: no row claimed, no
 * checkpoint moved, no lock left behind.
 */
class KilledBackendIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private final DurableFixture fixture = new DurableFixture(DB);
    private final String application = "es-durable-kill-" + UUID.randomUUID().toString().substring(0, 8);
    private final ConnectionFactory doomedConnections = DB.unpooledConnectionFactory(application);

    @Test
    void aClaimKilledAfterUpdatingSomeRowsLeavesNoRowClaimed() {
        fixture.register("killed", 6);
        List<Long> tokensBefore = tokens("killed");
        stallUpdatesOfSegmentTwoBy("doomed");

        fixture.store(doomedConnections).leases().claim("killed", "doomed", DurableFixture.LONG_LEASE, 6)
                .as(StepVerifier::create)
                .then(this::killOnceSleeping)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(StorageException.class))
                .verify(DurableFixture.TIMEOUT);

        assertThat(fixture.status("killed")).noneMatch(status -> "doomed".equals(status.owner()));
        assertThat(tokens("killed")).isEqualTo(tokensBefore);
        assertThat(fixture.claim("killed", "heir", 6)).as("no row is left locked or claimed").hasSize(6);
    }

    @Test
    void aCheckpointTransactionKilledBeforeCommitMovesNothingAndFreesTheRow() {
        fixture.register("uncommitted", 1);
        Lease lease = fixture.claim("uncommitted", "doomed", 1).get(0);

        DurableFixture.inTransaction(doomedConnections, connection -> fixture.store.checkpoints()
                        .checkpoint(connection, lease, Position.of(9, 90))
                        .then(DurableFixture.execute(connection, "SELECT pg_sleep(60)")))
                .as(StepVerifier::create)
                .then(this::killOnceSleeping)
                .expectError()
                .verify(DurableFixture.TIMEOUT);

        assertThat(fixture.status("uncommitted").get(0).checkpoint()).isEqualTo(Position.BEGINNING);
        fixture.store.checkpoints().checkpoint(lease, Position.of(2, 20)).as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);
    }

    /** Makes the claim statement of one owner sleep in its row trigger when it reaches segment 2. */
    private void stallUpdatesOfSegmentTwoBy(String owner) {
        String function = fixture.schema + ".stall_segment_two";
        DB.execute("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.segment = 2 AND NEW.owner_id = '" + owner + "' THEN PERFORM pg_sleep(60); END IF; RETURN NEW; END $$;"
                + " CREATE TRIGGER stall_segment_two BEFORE UPDATE ON " + fixture.schema + ".subscription_segments"
                + " FOR EACH ROW EXECUTE FUNCTION " + function + "()").block(DurableFixture.TIMEOUT);
    }

    private void killOnceSleeping() {
        String sleeping = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'"
                + " AND state = 'active' AND wait_event = 'PgSleep'";
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.column(sleeping, Long.class).blockFirst() == 1L);
        assertThat(DB.terminateBackends(application).block(DurableFixture.TIMEOUT)).isEqualTo(1L);
    }

    private List<Long> tokens(String name) {
        return fixture.status(name).stream().map(SegmentStatus::token).toList();
    }
}
