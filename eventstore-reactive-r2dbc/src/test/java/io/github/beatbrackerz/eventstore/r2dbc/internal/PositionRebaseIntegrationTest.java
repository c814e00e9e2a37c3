package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static io.github.beatbrackerz.eventstore.r2dbc.internal.MovedHistory.OLD_CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The fix for a moved database: rebased positions deliver the restored history in its old order,
 * then what was written after the move, and every checkpoint taken before resumes exactly.
 */
class PositionRebaseIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * The old cluster's order is (transaction id, global position): 1, 2, 4, 3, 6, 5, 7, where
     * global position 1 has an id that lies below the new counter. Global positions 8 and 9 are
     * written on the new cluster before the rebase, 10 after it.
     */
    private static final List<Long> ORDER = List.of(1L, 2L, 4L, 3L, 6L, 5L, 7L, 8L, 9L, 10L);

    @Test
    void oldCheckpointsResumeExactlyAndNewEventsFollowTheRestoredOnes() {
        MovedHistory moved = restoredStoreWithWritesAfterTheMove();
        List<Position> before = moved.positions();

        rebase(moved).as(StepVerifier::create).expectNext(9L).expectComplete().verify(WAIT);
        append(moved.schema, "o-5");

        assertThat(moved.positions()).allSatisfy(position -> assertThat(position.transactionId()).isLessThan(OLD_CLUSTER));
        new TransactionHorizon(DB.connectionFactory(), new SchemaName(moved.schema)).verify().as(StepVerifier::create)
                .expectComplete().verify(WAIT);
        await().atMost(WAIT).until(moved::engineOrder, ORDER::equals);
        assertResumesExactly(moved, before);
        // Today's positions, and the beginning, are already current.
        assertResumesExactly(moved, moved.positions());
        assertThat(translate(moved, Position.BEGINNING)).isEqualTo(Position.BEGINNING);
    }

    @Test
    void runningItAgainChangesNothing() {
        MovedHistory moved = restoredStoreWithWritesAfterTheMove();
        List<Position> before = moved.positions();
        rebase(moved).block(WAIT);
        List<Position> rebased = moved.positions();

        rebase(moved).as(StepVerifier::create).expectNext(0L).expectComplete().verify(WAIT);
        new SchemaInitializer(DB.connectionFactory(), new SchemaName(moved.schema)).initialize().block(WAIT);

        assertThat(moved.positions()).isEqualTo(rebased);
        assertThat(DB.column("SELECT count(DISTINCT rebase_id) FROM " + moved.schema + ".position_rebases", Long.class).blockFirst(WAIT))
                .isEqualTo(1);
        append(moved.schema, "o-5");
        await().atMost(WAIT).until(moved::engineOrder, ORDER::equals);
        assertResumesExactly(moved, before);
    }

    @Test
    void checkpointsFromBeforeEitherOfTwoMovesResumeExactly() {
        MovedHistory moved = restoredStoreWithWritesAfterTheMove();
        List<Position> firstCluster = moved.positions();
        rebase(moved).block(WAIT);
        // The second move: the second cluster's ids (recorded as new ids of the first rebase too) come back above the counter.
        long shift = OLD_CLUSTER + 1_000_000_000L;
        moved.execute("UPDATE ${schema}.events SET transaction_id = (transaction_id::text::bigint + " + shift + ")::text::xid8;"
                + " UPDATE ${schema}.position_rebases SET new_transaction_id = (new_transaction_id::text::bigint + " + shift + ")::text::xid8")
                .block(WAIT);
        List<Position> secondCluster = moved.positions();

        rebase(moved).as(StepVerifier::create).expectNext(9L).expectComplete().verify(WAIT);
        append(moved.schema, "o-5");

        await().atMost(WAIT).until(moved::engineOrder, ORDER::equals);
        assertResumesExactly(moved, firstCluster);
        assertResumesExactly(moved, secondCluster);
    }

    @Test
    void aPositionThatNamesNoEventOfTheRestoredHistoryIsRefusedAfterARebase() {
        MovedHistory moved = restoredStoreWithWritesAfterTheMove();
        rebase(moved).block(WAIT);

        new PositionTranslator(DB.connectionFactory(), new SchemaName(moved.schema)).translate(Position.of(OLD_CLUSTER + 20, 99))
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ValidationException.class)
                        .hasMessageContaining("names no stored event"))
                .verify(WAIT);
        // Global position 3 was written by old transaction OLD_CLUSTER + 9, not + 5.
        new PositionTranslator(DB.connectionFactory(), new SchemaName(moved.schema)).translate(Position.of(OLD_CLUSTER + 5, 3))
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ValidationException.class)
                        .hasMessageContaining("does not lead"))
                .verify(WAIT);
    }

    @Test
    void withoutARebaseEveryPositionIsCurrent() {
        String schema = DB.newSchema(true);
        Position any = Position.of(OLD_CLUSTER, 12_345);
        assertThat(new PositionTranslator(DB.connectionFactory(), new SchemaName(schema)).translate(any).block(WAIT)).isEqualTo(any);
        // Also in a schema migrated before the rebase table existed.
        DB.execute("DROP TABLE " + schema + ".position_rebases").block(WAIT);
        assertThat(new PositionTranslator(DB.connectionFactory(), new SchemaName(schema)).translate(any).block(WAIT)).isEqualTo(any);
    }

    @Test
    void makesRoomBelowTheCounterWhenItIsTooLow() {
        MovedHistory moved = restoredStoreWithWritesAfterTheMove();
        List<Position> before = moved.positions();
        // New ids must lie above today's counter plus the three runs, so the counter has to move on by at least that much.
        long floor = moved.counter();

        new PositionRebase(DB.connectionFactory(), new SchemaName(moved.schema), floor).run()
                .as(StepVerifier::create).expectNext(9L).expectComplete().verify(Duration.ofSeconds(60));

        assertThat(moved.counter()).isGreaterThan(floor + 3);
        assertThat(moved.positions()).allSatisfy(position -> assertThat(position.transactionId()).isBetween(floor + 1, floor + 3));
        append(moved.schema, "o-5");
        await().atMost(WAIT).until(moved::engineOrder, ORDER::equals);
        assertResumesExactly(moved, before);
    }

    /** For every checkpoint, the events after it in engine order are exactly those after it in {@link #ORDER}. */
    private static void assertResumesExactly(MovedHistory moved, List<Position> checkpoints) {
        List<Position> all = new ArrayList<>(checkpoints);
        all.add(0, Position.BEGINNING);
        for (Position checkpoint : all) {
            int index = checkpoint.equals(Position.BEGINNING) ? -1 : ORDER.indexOf(checkpoint.globalPosition());
            assertThat(moved.engineOrder(translate(moved, checkpoint)))
                    .as("resumed from %s", checkpoint)
                    .isEqualTo(ORDER.subList(index + 1, ORDER.size()));
        }
    }

    private static Position translate(MovedHistory moved, Position checkpoint) {
        return Objects.requireNonNull(new PositionTranslator(DB.connectionFactory(), new SchemaName(moved.schema))
                .translate(checkpoint).block(WAIT));
    }

    private static Mono<Long> rebase(MovedHistory moved) {
        return new PositionRebase(DB.connectionFactory(), new SchemaName(moved.schema)).run();
    }

    private static MovedHistory restoredStoreWithWritesAfterTheMove() {
        MovedHistory moved = new MovedHistory(DB, DB.newSchema(true))
                .restore("o-1", new long[] {1, 100, 1}, new long[] {2, OLD_CLUSTER + 5, 2}, new long[] {3, OLD_CLUSTER + 9, 3})
                .restore("o-2", new long[] {4, OLD_CLUSTER + 5, 1}, new long[] {5, OLD_CLUSTER + 20, 2})
                .restore("o-3", new long[] {6, OLD_CLUSTER + 12, 1}, new long[] {7, OLD_CLUSTER + 20, 2});
        append(moved.schema, "o-1");
        append(moved.schema, "o-4");
        return moved;
    }

    private static void append(String schema, String aggregateId) {
        Ports.of(DB.connectionFactory(), schema).events()
                .append(new AppendRequest(List.of(Ports.event(StreamId.of(aggregateId, "order"), "Written")), ExpectedVersion.any()))
                .then().block(WAIT);
    }
}
