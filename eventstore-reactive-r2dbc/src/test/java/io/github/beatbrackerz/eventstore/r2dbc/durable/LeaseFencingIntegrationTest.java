package io.github.beatbrackerz.eventstore.r2dbc.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.durable.spi.DeadLetter;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** Leases expire and are taken over; the old owner's writes are then refused (fencing); a release hands over at once. */
class LeaseFencingIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration SHORT_LEASE = Duration.ofMillis(300);

    private final DurableFixture fixture = new DurableFixture(DB);
    private final Checkpoints checkpoints = fixture.store.checkpoints();

    @Test
    void anExpiredLeaseIsTakenOverAndTheOldOwnerCanNoLongerWrite() {
        fixture.register("takeover", 1);
        Lease old = fixture.leases().claim("takeover", "old", SHORT_LEASE, 1).blockFirst(DurableFixture.TIMEOUT);
        assertThat(old).isNotNull();

        Lease heir = await().atMost(Duration.ofSeconds(20))
                .until(() -> fixture.leases().claim("takeover", "heir", DurableFixture.LONG_LEASE, 1).blockFirst(DurableFixture.TIMEOUT),
                        lease -> lease != null);

        assertThat(heir.token()).isGreaterThan(old.token());
        checkpoints.checkpoint(old, Position.of(5, 5)).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        fixture.leases().renew(List.of(old), DurableFixture.LONG_LEASE).as(StepVerifier::create).expectComplete().verify(WAIT);
        fixture.leases().release(old).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        fixture.store.deadLetters().park(old, new DeadLetter(Position.of(5, 5), UUID.randomUUID(), "zombie", 1))
                .as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);

        checkpoints.checkpoint(heir, Position.of(3, 3)).as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);
        assertThat(fixture.status("takeover")).singleElement().satisfies(status -> {
            assertThat(status.owner()).isEqualTo("heir");
            assertThat(status.token()).isEqualTo(heir.token());
            assertThat(status.checkpoint()).isEqualTo(Position.of(3, 3));
            assertThat(status.parked()).isZero();
        });
    }

    @Test
    void anExpiredLeaseCannotBeRenewedOrWrittenEvenWhenItsOwnerClaimsAgain() {
        fixture.register("lapsed", 1);
        Lease lease = fixture.leases().claim("lapsed", "slow", SHORT_LEASE, 1).blockFirst(DurableFixture.TIMEOUT);
        assertThat(lease).isNotNull();

        await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.status("lapsed").get(0).leaseHeld());

        checkpoints.checkpoint(lease, Position.of(1, 1)).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        fixture.leases().renew(List.of(lease), DurableFixture.LONG_LEASE).as(StepVerifier::create).expectComplete().verify(WAIT);
        Lease again = fixture.claim("lapsed", "slow", 1).get(0);

        assertThat(again.token()).isGreaterThan(lease.token());
        checkpoints.checkpoint(lease, Position.of(1, 1)).as(StepVerifier::create).as("same owner, old token").expectNext(false).expectComplete().verify(WAIT);
        fixture.leases().renew(List.of(lease), DurableFixture.LONG_LEASE).as(StepVerifier::create).expectComplete().verify(WAIT);
        fixture.leases().release(lease).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        fixture.leases().renew(List.of(lease, again), DurableFixture.LONG_LEASE).map(Lease::token).as(StepVerifier::create)
                .expectNext(again.token()).expectComplete().verify(WAIT);
    }

    @Test
    void aHeldLeaseRenewsAndReportsTheStoredState() {
        fixture.register("renewed", 2);
        List<Lease> held = fixture.claim("renewed", "owner", 2);
        checkpoints.checkpoint(held.get(1), Position.of(7, 70)).block(DurableFixture.TIMEOUT);
        fixture.registry().pause("renewed").block(DurableFixture.TIMEOUT);

        List<Lease> renewed = fixture.leases().renew(held, DurableFixture.LONG_LEASE).collectList().block(DurableFixture.TIMEOUT);

        assertThat(renewed).hasSize(2).allSatisfy(lease -> {
            assertThat(lease.paused()).isTrue();
            assertThat(lease.owner()).isEqualTo("owner");
        });
        assertThat(renewed).filteredOn(lease -> lease.segment() == 1).singleElement()
                .satisfies(lease -> assertThat(lease.checkpoint()).isEqualTo(Position.of(7, 70)));
        assertThat(renewed.stream().map(Lease::token)).containsExactlyInAnyOrderElementsOf(held.stream().map(Lease::token).toList());
    }

    @Test
    void checkpointsNeverMoveBackwards() {
        fixture.register("forward", 1);
        Lease lease = fixture.claim("forward", "owner", 1).get(0);

        checkpoints.checkpoint(lease, Position.of(10, 100)).as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);
        checkpoints.checkpoint(lease, Position.of(10, 99)).as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);
        checkpoints.checkpoint(lease, Position.of(9, 500)).as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);

        assertThat(fixture.status("forward").get(0).checkpoint()).isEqualTo(Position.of(10, 100));
        checkpoints.checkpoint(lease, Position.of(11, 1)).block(DurableFixture.TIMEOUT);
        assertThat(fixture.status("forward").get(0).checkpoint()).isEqualTo(Position.of(11, 1));
    }

    @Test
    void aReleasedSegmentIsClaimedAtOnceWithItsCheckpoint() {
        fixture.register("handover", 1);
        Lease first = fixture.claim("handover", "first", 1).get(0);
        checkpoints.checkpoint(first, Position.of(4, 40)).block(DurableFixture.TIMEOUT);
        assertThat(fixture.claim("handover", "second", 1)).isEmpty();

        fixture.leases().release(first).as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);

        assertThat(fixture.claim("handover", "second", 1)).singleElement().satisfies(lease -> {
            assertThat(lease.checkpoint()).isEqualTo(Position.of(4, 40));
            assertThat(lease.token()).isGreaterThan(first.token());
        });
        checkpoints.checkpoint(first, Position.of(5, 50)).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
    }
}
