package io.github.beatbrackerz.eventstore.r2dbc.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetter;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.ReplayClaim;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentStatus;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Parked events: park under a lease, list, skip, and replay under a hold of its own that never moves the checkpoint. */
class DeadLettersIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final String NAME = "parking";

    private final DurableFixture fixture = new DurableFixture(DB);
    private final DeadLetters deadLetters = fixture.store.deadLetters();
    private Lease lease = new Lease(NAME, 0, 1, "nobody", 0, Position.BEGINNING, Instant.EPOCH, false);

    @BeforeEach
    void claim() {
        fixture.register(NAME, 2);
        lease = fixture.claim(NAME, "owner", 1).get(0);
    }

    @Test
    void parkedEventsAreListedOldestFirstAndCountedInTheStatus() {
        UUID first = park(Position.of(5, 50), "boom", 3);
        UUID second = park(Position.of(6, 60), "bang", 5);

        assertThat(list()).extracting(ParkedEvent::eventId).containsExactly(first, second);
        assertThat(list().get(0)).satisfies(parked -> {
            assertThat(parked.subscription()).isEqualTo(NAME);
            assertThat(parked.segment()).isEqualTo(lease.segment());
            assertThat(parked.position()).isEqualTo(Position.of(5, 50));
            assertThat(parked.error()).isEqualTo("boom");
            assertThat(parked.attempts()).isEqualTo(3);
            assertThat(parked.replayUntil()).isNull();
        });
        assertThat(fixture.status(NAME)).extracting(SegmentStatus::parked).containsExactly(2L, 0L);
    }

    @Test
    void parkingTheSameEventAgainUpdatesItsRow() {
        UUID event = park(Position.of(5, 50), "boom", 3);
        deadLetters.park(lease, new DeadLetter(Position.of(5, 50), event, "still boom", 6)).block(DurableFixture.TIMEOUT);

        assertThat(list()).singleElement().satisfies(parked -> {
            assertThat(parked.error()).isEqualTo("still boom");
            assertThat(parked.attempts()).isEqualTo(6);
        });
    }

    @Test
    void aSkippedEventIsGone() {
        park(Position.of(5, 50), "boom", 3);
        UUID kept = park(Position.of(6, 60), "bang", 3);
        long id = list().get(0).id();

        deadLetters.skip(NAME, id).as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);
        deadLetters.skip(NAME, id).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);

        assertThat(list()).extracting(ParkedEvent::eventId).containsExactly(kept);
    }

    @Test
    void aSuccessfulReplayDeletesTheRowAndLeavesTheCheckpointAlone() {
        fixture.store.checkpoints().checkpoint(lease, Position.of(9, 90)).block(DurableFixture.TIMEOUT);
        UUID event = park(Position.of(5, 50), "boom", 3);

        ReplayClaim claim = deadLetters.takeForReplay(NAME, DurableFixture.LONG_LEASE).block(DurableFixture.TIMEOUT);

        assertThat(claim).isNotNull();
        assertThat(claim.parked().eventId()).isEqualTo(event);
        deadLetters.takeForReplay(NAME, DurableFixture.LONG_LEASE).as(StepVerifier::create).as("held by the first replay").expectComplete().verify(WAIT);
        deadLetters.replayed(claim).as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);
        assertThat(list()).isEmpty();
        assertThat(fixture.status(NAME).get(lease.segment()).checkpoint()).isEqualTo(Position.of(9, 90));
    }

    @Test
    void aFailedReplayCountsAnAttemptAndFreesTheRowForAnotherTry() {
        park(Position.of(5, 50), "boom", 3);
        ReplayClaim claim = deadLetters.takeForReplay(NAME, DurableFixture.LONG_LEASE).block(DurableFixture.TIMEOUT);
        assertThat(claim).isNotNull();

        deadLetters.replayFailed(claim, "boom again").as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);

        assertThat(list()).singleElement().satisfies(parked -> {
            assertThat(parked.attempts()).isEqualTo(4);
            assertThat(parked.error()).isEqualTo("boom again");
        });
        deadLetters.replayed(claim).as(StepVerifier::create).as("the old claim no longer holds it").expectNext(false).expectComplete().verify(WAIT);
        deadLetters.takeForReplay(NAME, list().get(0).id(), DurableFixture.LONG_LEASE).as(StepVerifier::create)
                .expectNextCount(1).expectComplete().verify(WAIT);
    }

    @Test
    void anExpiredReplayHoldFreesTheRowAndRefusesTheSlowReplayer() {
        park(Position.of(5, 50), "boom", 3);
        ReplayClaim slow = deadLetters.takeForReplay(NAME, Duration.ofMillis(300)).block(DurableFixture.TIMEOUT);
        assertThat(slow).isNotNull();

        ReplayClaim next = await().atMost(Duration.ofSeconds(20))
                .until(() -> deadLetters.takeForReplay(NAME, DurableFixture.LONG_LEASE).block(DurableFixture.TIMEOUT), claim -> claim != null);

        assertThat(next.token()).isGreaterThan(slow.token());
        deadLetters.replayed(slow).as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        deadLetters.replayFailed(slow, "late").as(StepVerifier::create).expectNext(false).expectComplete().verify(WAIT);
        deadLetters.replayed(next).as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);
    }

    @Test
    void concurrentReplayersTakeDifferentRows() {
        for (int i = 1; i <= 6; i++) {
            park(Position.of(i, i), "boom", 1);
        }

        List<Long> taken = Flux.range(0, 6)
                .flatMap(i -> deadLetters.takeForReplay(NAME, DurableFixture.LONG_LEASE))
                .map(claim -> claim.parked().id())
                .collectList().block(DurableFixture.TIMEOUT);

        assertThat(taken).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void aReplayInTheCallersTransactionRollsBackWithIt() {
        park(Position.of(5, 50), "boom", 3);
        ReplayClaim claim = deadLetters.takeForReplay(NAME, DurableFixture.LONG_LEASE).block(DurableFixture.TIMEOUT);
        assertThat(claim).isNotNull();

        fixture.inTransaction(connection -> deadLetters.replayed(connection, claim).then(Mono.error(new IllegalStateException("rolled back"))))
                .as(StepVerifier::create).expectErrorMessage("rolled back").verify(WAIT);
        assertThat(list()).hasSize(1);

        fixture.inTransaction(connection -> deadLetters.replayed(connection, claim)).as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(list()).isEmpty();
        fixture.inTransaction(connection -> deadLetters.replayed(connection, claim)).as(StepVerifier::create)
                .expectError(LeaseLostException.class).verify(WAIT);
    }

    private UUID park(Position position, String error, int attempts) {
        UUID event = UUID.randomUUID();
        deadLetters.park(lease, new DeadLetter(position, event, error, attempts)).as(StepVerifier::create)
                .expectNext(true).expectComplete().verify(WAIT);
        return event;
    }

    private List<ParkedEvent> list() {
        return deadLetters.list(NAME).collectList().block(DurableFixture.TIMEOUT);
    }
}
