package io.github.beatbrackerz.eventstore.r2dbc.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.durable.spi.DeadLetter;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentStatus;
import io.github.beatbrackerz.eventstore.error.SegmentCountMismatchException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Register, pause, resume, reset, resize, delete and status of subscription names. */
class SubscriptionRegistryIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private final DurableFixture fixture = new DurableFixture(DB);
    private final SubscriptionRegistry registry = fixture.registry();

    @Test
    void concurrentRegistrationsCreateTheSegmentsOnce() {
        List<Boolean> created = Flux.range(0, 8)
                .flatMap(i -> registry.register("racing", 4, Position.of(3, 30)))
                .collectList().block(DurableFixture.TIMEOUT);

        assertThat(created).hasSize(8).containsOnlyOnce(true);
        assertThat(fixture.status("racing")).extracting(SegmentStatus::segment).containsExactly(0, 1, 2, 3);
        assertThat(fixture.status("racing")).allSatisfy(status -> {
            assertThat(status.segmentCount()).isEqualTo(4);
            assertThat(status.checkpoint()).isEqualTo(Position.of(3, 30));
            assertThat(status.owner()).isNull();
            assertThat(status.leaseHeld()).isFalse();
            assertThat(status.paused()).isFalse();
        });
        registry.register("racing", 4, Position.BEGINNING).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        assertThat(fixture.status("racing")).allSatisfy(status -> assertThat(status.checkpoint()).isEqualTo(Position.of(3, 30)));
    }

    @Test
    void anotherSegmentCountIsATypedErrorUntilReset() {
        fixture.register("counted", 4);

        registry.register("counted", 6, Position.BEGINNING).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(SegmentCountMismatchException.class, mismatch -> {
                    assertThat(mismatch.field()).isEqualTo("segmentCount");
                    assertThat(mismatch.requested()).isEqualTo(6);
                    assertThat(mismatch.stored()).isEqualTo(4);
                }))
                .verify(DurableFixture.TIMEOUT);

        registry.reset("counted", Position.of(2, 20), 6, false).as(StepVerifier::create).expectNext(6).expectComplete().verify(WAIT);
        registry.register("counted", 6, Position.BEGINNING).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        registry.reset("counted", Position.of(3, 30), 2, false).as(StepVerifier::create).expectNext(2).expectComplete().verify(WAIT);
        assertThat(fixture.status("counted")).extracting(SegmentStatus::segment).containsExactly(0, 1);
        assertThat(fixture.status("counted")).allSatisfy(status -> {
            assertThat(status.segmentCount()).isEqualTo(2);
            assertThat(status.checkpoint()).isEqualTo(Position.of(3, 30));
        });
    }

    @Test
    void aResetRevokesEveryLeaseAndMovesEveryCheckpoint() {
        fixture.register("rebuilt", 3);
        List<Lease> held = fixture.claim("rebuilt", "owner", 3);
        Checkpoints checkpoints = fixture.store.checkpoints();
        held.forEach(lease -> checkpoints.checkpoint(lease, Position.of(9, 90 + lease.segment())).block(DurableFixture.TIMEOUT));
        fixture.store.deadLetters().park(held.get(0), new DeadLetter(Position.of(8, 80), UUID.randomUUID(), "boom", 3))
                .block(DurableFixture.TIMEOUT);

        registry.reset("rebuilt", Position.BEGINNING).as(StepVerifier::create).expectNext(3).expectComplete().verify(WAIT);

        assertThat(fixture.status("rebuilt")).allSatisfy(status -> {
            assertThat(status.checkpoint()).isEqualTo(Position.BEGINNING);
            assertThat(status.leaseHeld()).isFalse();
        });
        assertThat(fixture.status("rebuilt")).extracting(SegmentStatus::parked).containsExactly(1L, 0L, 0L);
        checkpoints.checkpoint(held.get(0), Position.of(10, 100)).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        fixture.leases().renew(held, DurableFixture.LONG_LEASE).as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(fixture.claim("rebuilt", "owner", 3)).hasSize(3)
                .allSatisfy(lease -> assertThat(lease.checkpoint()).isEqualTo(Position.BEGINNING));
        checkpoints.checkpoint(held.get(0), Position.of(10, 100)).as(StepVerifier::create).as("same owner, token from before the reset")
                .expectNext(false).expectComplete().verify(WAIT);

        registry.reset("rebuilt", Position.of(1, 1), 0, true).as(StepVerifier::create).expectNext(3).expectComplete().verify(WAIT);
        assertThat(fixture.status("rebuilt")).extracting(SegmentStatus::parked).containsOnly(0L);
    }

    @Test
    void pauseAndResumeFlagEverySegmentAndReachTheLeases() {
        fixture.register("paused", 2);

        registry.pause("paused").as(StepVerifier::create).expectNext(2).expectComplete().verify(WAIT);
        assertThat(fixture.status("paused")).allMatch(SegmentStatus::paused);
        assertThat(fixture.claim("paused", "owner", 2)).hasSize(2).allMatch(Lease::paused);

        registry.resume("paused").as(StepVerifier::create).expectNext(2).expectComplete().verify(WAIT);
        assertThat(fixture.status("paused")).noneMatch(SegmentStatus::paused);
    }

    @Test
    void unknownNamesChangeNothing() {
        registry.pause("unknown").as(StepVerifier::create).expectNext(0).expectComplete().verify(WAIT);
        registry.reset("unknown", Position.BEGINNING, 4, true).as(StepVerifier::create).expectNext(0).expectComplete().verify(WAIT);
        registry.delete("unknown").as(StepVerifier::create).expectNext(0).expectComplete().verify(WAIT);
        assertThat(fixture.status("unknown")).isEmpty();
        assertThat(fixture.claim("unknown", "owner", 4)).isEmpty();
    }

    @Test
    void deleteRemovesSegmentsMembersAndParkedEventsAndFencesTheOwners() {
        fixture.register("deleted", 2);
        fixture.register("kept", 1);
        fixture.leases().heartbeat("deleted", "member", DurableFixture.LONG_LEASE).block(DurableFixture.TIMEOUT);
        Lease lease = fixture.claim("deleted", "member", 1).get(0);
        fixture.store.deadLetters().park(lease, new DeadLetter(Position.of(1, 1), UUID.randomUUID(), "boom", 1)).block(DurableFixture.TIMEOUT);

        registry.delete("deleted").as(StepVerifier::create).expectNext(2).expectComplete().verify(WAIT);

        assertThat(fixture.status("deleted")).isEmpty();
        fixture.leases().liveMembers("deleted").as(StepVerifier::create).expectNext(0).expectComplete().verify(WAIT);
        fixture.store.deadLetters().list("deleted").as(StepVerifier::create).expectComplete().verify(WAIT);
        fixture.store.checkpoints().checkpoint(lease, Position.of(2, 2)).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        fixture.register("deleted", 2);
        assertThat(fixture.claim("deleted", "member", 2)).allSatisfy(again -> assertThat(again.token()).isGreaterThan(lease.token()));
        assertThat(registry.status().collectList().block(DurableFixture.TIMEOUT)).extracting(SegmentStatus::subscription)
                .containsExactly("deleted", "deleted", "kept");
    }

    @Test
    void theStatusShowsOwnerHeartbeatAndCheckpointAges() {
        fixture.register("watched", 2);
        Lease lease = fixture.claim("watched", "owner", 1).get(0);
        fixture.store.checkpoints().checkpoint(lease, Position.of(4, 40)).block(DurableFixture.TIMEOUT);

        assertThat(fixture.status("watched")).satisfiesExactly(
                held -> {
                    assertThat(held.owner()).isEqualTo("owner");
                    assertThat(held.token()).isEqualTo(lease.token());
                    assertThat(held.leaseHeld()).isTrue();
                    assertThat(held.leaseExpiresAt()).isNotNull();
                    assertThat(held.heartbeatAge()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
                    assertThat(held.checkpointAge()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
                    assertThat(held.checkpoint()).isEqualTo(Position.of(4, 40));
                },
                free -> {
                    assertThat(free.owner()).isNull();
                    assertThat(free.leaseHeld()).isFalse();
                    assertThat(free.heartbeatAge()).isNull();
                });
    }
}
