package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static io.github.beatbrackerz.eventstore.r2dbc.internal.Ports.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.error.DuplicateEventException;
import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.AppendQueueFullException;
import io.github.beatbrackerz.eventstore.r2dbc.test.HeldStreamLock;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Coalesced appends keep each caller's semantics. No timing: one statement in flight, held on a stream's advisory
 * lock by a transaction of the test, makes the appends behind it queue; releasing it lets them go as one group, which
 * shows as one transaction id shared by their events.
 */
class AppendCoalescerIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private final Ports ports = Ports.of(DB.connectionFactory(), DB.schema(), 500);
    private final List<HeldStreamLock> blockers = new ArrayList<>();

    @AfterEach
    void releaseBlockers() {
        blockers.forEach(HeldStreamLock::close);
    }

    private AppendCoalescer coalescer(int maxQueued) {
        return new AppendCoalescer(new R2dbcEventAppender(new R2dbcSql(DB.connectionFactory()), new SchemaName(DB.schema())), 1, maxQueued, 1_000);
    }

    private static StreamId stream(String name) {
        return StreamId.of(name + "-" + System.nanoTime(), "order");
    }

    private static AppendRequest request(ExpectedVersion expected, NewEvent... events) {
        return new AppendRequest(List.of(events), expected);
    }

    private static CompletableFuture<List<RecordedEvent>> send(AppendCoalescer coalescer, AppendRequest request) {
        return coalescer.append(request).collectList().toFuture();
    }

    /** Holds the advisory lock the append statements take for {@code stream} until released or closed after the test. */
    private HeldStreamLock hold(StreamId stream) {
        HeldStreamLock lock = HeldStreamLock.hold(DB.connectionFactory(), stream);
        blockers.add(lock);
        return lock;
    }

    /** Sends an append on a held stream: it takes the only statement slot and stays in flight until released. */
    private HeldStreamLock occupySlot(AppendCoalescer coalescer, List<CompletableFuture<List<RecordedEvent>>> first) {
        StreamId held = stream("held");
        HeldStreamLock blocker = hold(held);
        first.add(send(coalescer, request(ExpectedVersion.any(), event(held, "First"))));
        return blocker;
    }

    private static <T> T join(CompletableFuture<T> future) {
        return Mono.fromFuture(future).block(WAIT);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the append succeeded");
    }

    private List<RecordedEvent> read(StreamId stream) {
        return ports.events().find(EventQuery.forStream(stream)).collectList().block(WAIT);
    }

    @Test
    void aConflictFailsOnlyItsOwnCallerWhileTheRestOfTheGroupCommitsTogether() {
        AppendCoalescer coalescer = coalescer(100);
        StreamId existing = stream("existing");
        ports.events().append(request(ExpectedVersion.any(), event(existing, "Created"))).blockLast(WAIT);
        StreamId a = stream("a");
        StreamId c = stream("c");
        StreamId fresh = stream("fresh");
        List<CompletableFuture<List<RecordedEvent>>> first = new ArrayList<>();
        HeldStreamLock blocker = occupySlot(coalescer, first);

        var ok1 = send(coalescer, request(ExpectedVersion.any(), event(a, "A1"), event(a, "A2")));
        var conflict = send(coalescer, request(ExpectedVersion.exactly(5), event(existing, "Late")));
        var ok2 = send(coalescer, request(ExpectedVersion.any(), event(c, "C1")));
        var created = send(coalescer, request(ExpectedVersion.noStream(), event(fresh, "Created")));
        await().atMost(WAIT).until(() -> coalescer.queued() == 4);
        blocker.release();

        assertThat(join(first.get(0))).hasSize(1);
        List<RecordedEvent> group = new ArrayList<>(join(ok1));
        group.addAll(join(ok2));
        group.addAll(join(created));
        assertThat(group).extracting(RecordedEvent::sequenceNumber).containsExactly(1L, 2L, 1L, 1L);
        assertThat(group).extracting(e -> e.position().transactionId()).as("one statement, one transaction").containsOnly(group.get(0).position().transactionId());
        assertThat(failure(conflict)).isInstanceOfSatisfying(ConcurrencyConflictException.class, e -> {
            assertThat(e.expectedVersion()).isEqualTo(5);
            assertThat(e.actualVersion()).isEqualTo(1);
        });
        assertThat(read(existing)).extracting(RecordedEvent::type).containsExactly("Created");
        assertThat(read(a)).isEqualTo(join(ok1));
    }

    @Test
    void aDuplicateIdFailsOnlyItsOwnCallerAndAnIdempotentRetryReturnsTheStoredEvents() {
        AppendCoalescer coalescer = coalescer(100);
        StreamId d = stream("d");
        NewEvent stored = event(d, "Stored");
        List<RecordedEvent> original = ports.events().append(request(ExpectedVersion.any(), stored)).collectList().block(WAIT);
        StreamId a = stream("a");
        StreamId x = stream("x");
        StreamId c = stream("c");
        List<CompletableFuture<List<RecordedEvent>>> first = new ArrayList<>();
        HeldStreamLock blocker = occupySlot(coalescer, first);

        var ok1 = send(coalescer, request(ExpectedVersion.any(), event(a, "A1")));
        NewEvent clash = new NewEvent(stored.eventId(), "Other", x, "tester", stored.payload(), stored.metadata(), 1);
        var duplicate = send(coalescer, request(ExpectedVersion.any(), event(x, "X0"), clash));
        var ok2 = send(coalescer, request(ExpectedVersion.any(), event(c, "C1")));
        var retry = send(coalescer, request(ExpectedVersion.any(), stored));
        await().atMost(WAIT).until(() -> coalescer.queued() == 4);
        blocker.release();

        join(first.get(0));
        assertThat(join(ok1)).extracting(RecordedEvent::sequenceNumber).containsExactly(1L);
        assertThat(join(ok2)).extracting(RecordedEvent::sequenceNumber).containsExactly(1L);
        assertThat(failure(duplicate)).isInstanceOf(DuplicateEventException.class);
        assertThat(join(retry)).isEqualTo(original);
        assertThat(read(x)).as("the duplicate's batch is atomic").isEmpty();
        assertThat(read(d)).isEqualTo(original);
        assertThat(ports.sequences().currentSequence(x).block(WAIT)).as("no number reserved for the failed batch").isIn(0L, null);
    }

    @Test
    void aConnectionKilledMidGroupFailsTheGroupRetryablyWritesNothingAndRetriesWriteEachEventOnce() {
        AppendCoalescer coalescer = coalescer(100);
        StreamId a = stream("a");
        StreamId locked = stream("locked");
        StreamId c = stream("c");
        List<CompletableFuture<List<RecordedEvent>>> first = new ArrayList<>();
        HeldStreamLock blocker = occupySlot(coalescer, first);
        HeldStreamLock groupBlocker = hold(locked);

        List<AppendRequest> requests = List.of(request(ExpectedVersion.any(), event(a, "A1")),
                request(ExpectedVersion.noStream(), event(locked, "L1"), event(locked, "L2")),
                request(ExpectedVersion.any(), event(c, "C1")));
        List<CompletableFuture<List<RecordedEvent>>> group = requests.stream().map(r -> send(coalescer, r)).toList();
        await().atMost(WAIT).until(() -> coalescer.queued() == 3);
        blocker.release();
        join(first.get(0));
        // the group's statement now waits for the lock of `locked`: kill its session (pg_stat_activity keeps only the
        // first 1 kB of a query: the group statement's own parameter and its first table are in it)
        String victim = "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE 'WITH input AS%$10::int8[]%' AND query LIKE '%" + DB.schema() + ".aggregate_sequences%'";
        await().atMost(WAIT).until(() -> group.stream().anyMatch(CompletableFuture::isDone)
                || !new R2dbcSql(DB.connectionFactory()).select(victim, List.of(), row -> row.get(0, String.class)).collectList().block(WAIT).isEmpty());

        for (CompletableFuture<List<RecordedEvent>> future : group) {
            Throwable error = failure(future);
            assertThat(error).as(String.valueOf(error)).isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.isRetryable()).isTrue());
        }
        groupBlocker.release();
        assertThat(read(a)).isEmpty();
        assertThat(read(locked)).isEmpty();
        assertThat(read(c)).isEmpty();
        for (AppendRequest r : requests) {
            join(send(coalescer, r));
            join(send(coalescer, new AppendRequest(r.events(), ExpectedVersion.any())));
        }
        assertThat(read(a)).extracting(RecordedEvent::sequenceNumber).containsExactly(1L);
        assertThat(read(locked)).extracting(RecordedEvent::sequenceNumber).containsExactly(1L, 2L);
        assertThat(read(c)).extracting(RecordedEvent::sequenceNumber).containsExactly(1L);
    }

    @Test
    void aCallerCancelledWhileWaitingIsNotWrittenAndTheOthersAre() {
        AppendCoalescer coalescer = coalescer(100);
        StreamId a = stream("a");
        StreamId b = stream("b");
        StreamId c = stream("c");
        List<CompletableFuture<List<RecordedEvent>>> first = new ArrayList<>();
        HeldStreamLock blocker = occupySlot(coalescer, first);

        var ok1 = send(coalescer, request(ExpectedVersion.any(), event(a, "A1")));
        Disposable cancelled = coalescer.append(request(ExpectedVersion.any(), event(b, "B1"))).subscribe();
        var ok2 = send(coalescer, request(ExpectedVersion.any(), event(c, "C1")));
        await().atMost(WAIT).until(() -> coalescer.queued() == 3);
        cancelled.dispose();
        assertThat(coalescer.queued()).isEqualTo(2);
        blocker.release();

        join(first.get(0));
        assertThat(join(ok1).get(0).position().transactionId()).isEqualTo(join(ok2).get(0).position().transactionId());
        assertThat(read(b)).isEmpty();
    }

    @Test
    void singlesAndBatchesOnSharedStreamsKeepGapFreeSequencesEachBatchContiguousAndCommitOrderPerStream() {
        AppendCoalescer coalescer = coalescer(1_000);
        List<StreamId> streams = List.of(stream("s0"), stream("s1"), stream("s2"), stream("s3"));
        List<CompletableFuture<List<RecordedEvent>>> first = new ArrayList<>();
        HeldStreamLock blocker = occupySlot(coalescer, first);

        List<AppendRequest> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            StreamId s = streams.get(i % 4);
            if (i % 5 == 0) {
                StreamId t = streams.get((i + 1) % 4);
                requests.add(request(ExpectedVersion.any(), event(s, "M" + i), event(t, "M" + i), event(s, "M" + i)));
            } else if (i % 3 == 0) {
                requests.add(request(ExpectedVersion.any(), event(s, "B" + i), event(s, "B" + i), event(s, "B" + i)));
            } else {
                requests.add(request(ExpectedVersion.any(), event(s, "S" + i)));
            }
        }
        List<CompletableFuture<List<RecordedEvent>>> futures = requests.stream().map(r -> send(coalescer, r)).toList();
        await().atMost(WAIT).until(() -> coalescer.queued() == 40);
        blocker.release();

        join(first.get(0));
        List<List<RecordedEvent>> results = futures.stream().map(AppendCoalescerIntegrationTest::join).toList();
        for (int i = 0; i < results.size(); i++) {
            List<RecordedEvent> result = results.get(i);
            assertThat(result).extracting(RecordedEvent::id).containsExactlyElementsOf(requests.get(i).events().stream().map(NewEvent::eventId).toList());
            Map<StreamId, List<Long>> numbers = result.stream().collect(Collectors.groupingBy(RecordedEvent::stream,
                    Collectors.mapping(RecordedEvent::sequenceNumber, Collectors.toList())));
            numbers.values().forEach(n -> assertThat(n).as("a batch is contiguous in its stream")
                    .isEqualTo(LongStream.range(n.get(0), n.get(0) + n.size()).boxed().toList()));
        }
        // per stream: the appends in the order they queued, numbered 1..n without gaps
        for (StreamId s : streams) {
            List<RecordedEvent> stored = read(s);
            assertThat(stored).extracting(RecordedEvent::sequenceNumber)
                    .isEqualTo(LongStream.rangeClosed(1, stored.size()).boxed().toList());
            List<java.util.UUID> queuedOrder = requests.stream().flatMap(r -> r.events().stream()).filter(e -> e.stream().equals(s))
                    .map(NewEvent::eventId).toList();
            assertThat(stored).extracting(RecordedEvent::id).containsExactlyElementsOf(queuedOrder);
            // what a subscription delivers: commit-safe (transaction id, position) order matches the stream's order
            assertThat(stored).isSortedAccordingTo(Comparator.comparing((RecordedEvent e) -> e.position().transactionId())
                    .thenComparing(e -> e.position().globalPosition()));
        }
        long transactions = results.stream().flatMap(List::stream).map(e -> e.position().transactionId()).distinct().count();
        assertThat(transactions).as("coalesced: fewer transactions than appends").isLessThan(40);
    }

    @Test
    void aFullQueueRefusesTheAppendRetryablyAndWritesNothingOfIt() {
        AppendCoalescer coalescer = coalescer(2);
        StreamId refused = stream("refused");
        List<CompletableFuture<List<RecordedEvent>>> first = new ArrayList<>();
        HeldStreamLock blocker = occupySlot(coalescer, first);
        var q1 = send(coalescer, request(ExpectedVersion.any(), event(stream("q1"), "Q")));
        var q2 = send(coalescer, request(ExpectedVersion.any(), event(stream("q2"), "Q")));
        var over = send(coalescer, request(ExpectedVersion.any(), event(refused, "R")));

        assertThat(failure(over)).isInstanceOfSatisfying(AppendQueueFullException.class, e -> assertThat(e.isRetryable()).isTrue());
        blocker.release();
        join(first.get(0));
        join(q1);
        join(q2);
        assertThat(read(refused)).isEmpty();
    }
}
