package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Snapshots: create, latest, prune. */
public interface SnapshotConformance extends ConformanceSupport {

    private Snapshot snapshot(String aggregateId, long sequence, long sum) {
        return Objects.requireNonNull(store().createSnapshot(
                NewSnapshot.of(aggregateId, ORDER, sequence, new Tally(sum, sequence))).block(TIMEOUT));
    }

    @Test
    default void createSnapshotStoresTheState() {
        appendEach("o-1", 2);
        store().createSnapshot(NewSnapshot.of("o-1", ORDER, 2, Map.of("sum", 3, "count", 2))).as(StepVerifier::create)
                .assertNext(stored -> {
                    assertThat(stored.id()).isNotNull();
                    assertThat(stored.stream()).isEqualTo(StreamId.of("o-1", ORDER));
                    assertThat(stored.sequenceNumber()).isEqualTo(2);
                    assertThat(stored.version()).isEqualTo(1);
                    assertThat(stored.state()).isEqualTo(Json.parse("{\"count\":2,\"sum\":3}"));
                    assertThat(stored.stateAs(Tally.class)).isEqualTo(new Tally(3, 2));
                    assertThat(stored.createdAt()).isNotNull();
                })
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void createSnapshotPastTheLastEventErrorsNamingTheSequenceNumber() {
        appendEach("o-1", 2);
        store().createSnapshot(NewSnapshot.of("o-1", ORDER, 3, new Tally(0, 0))).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ValidationException.class,
                        invalid -> assertThat(invalid.field()).isEqualTo("sequenceNumber")))
                .verify(TIMEOUT);
        store().getLatestSnapshot("o-1", ORDER).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void createSnapshotOfAnUnknownStreamErrors() {
        store().createSnapshot(NewSnapshot.of("nobody", ORDER, 1, new Tally(0, 0))).as(StepVerifier::create)
                .expectError(ValidationException.class)
                .verify(TIMEOUT);
    }

    @Test
    default void getLatestSnapshotReturnsTheHighestSequenceNumber() {
        appendEach("o-1", 5);
        snapshot("o-1", 2, 3);
        Snapshot latest = snapshot("o-1", 4, 10);
        snapshot("o-1", 3, 6);
        store().getLatestSnapshot("o-1", ORDER).as(StepVerifier::create).expectNext(latest).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void getLatestSnapshotCompletesEmptyWithoutSnapshots() {
        appendEach("o-1", 1);
        store().getLatestSnapshot("o-1", ORDER).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void pruneSnapshotsKeepsTheMostRecent() {
        appendEach("o-1", 4);
        for (long sequence = 1; sequence <= 4; sequence++) {
            snapshot("o-1", sequence, sequence);
        }
        store().pruneSnapshots("o-1", ORDER, 2).as(StepVerifier::create).expectNext(2L).expectComplete().verify(TIMEOUT);
        store().getLatestSnapshot("o-1", ORDER).map(Snapshot::sequenceNumber).as(StepVerifier::create).expectNext(4L).expectComplete().verify(TIMEOUT);
        store().pruneSnapshots("o-1", ORDER, 1).as(StepVerifier::create).expectNext(1L).expectComplete().verify(TIMEOUT);
        store().pruneSnapshots("o-1", ORDER, 1).as(StepVerifier::create).expectNext(0L).expectComplete().verify(TIMEOUT);
        store().getLatestSnapshot("o-1", ORDER).map(Snapshot::sequenceNumber).as(StepVerifier::create).expectNext(4L).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void pruneSnapshotsKeepingNoneDeletesAll() {
        appendEach("o-1", 2);
        snapshot("o-1", 1, 1);
        snapshot("o-1", 2, 3);
        store().getLatestSnapshot("o-1", ORDER).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(TIMEOUT);
        store().pruneSnapshots("o-1", ORDER, 0).as(StepVerifier::create).expectNext(2L).expectComplete().verify(TIMEOUT);
        store().getLatestSnapshot("o-1", ORDER).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void snapshotsOfOtherStreamsAreUntouched() {
        appendEach("o-1", 1);
        appendEach("o-2", 1);
        snapshot("o-1", 1, 1);
        Snapshot other = snapshot("o-2", 1, 1);
        store().pruneSnapshots("o-1", ORDER, 0).as(StepVerifier::create).expectNext(1L).expectComplete().verify(TIMEOUT);
        store().getLatestSnapshot("o-2", ORDER).as(StepVerifier::create).expectNext(other).expectComplete().verify(TIMEOUT);
    }
}
