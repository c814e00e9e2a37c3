package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static io.github.beatbrackerz.eventstore.r2dbc.internal.Ports.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.error.DuplicateEventException;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.ValidationIssue;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

class R2dbcEventRepositoryIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private final Ports ports = Ports.of(DB.connectionFactory(), DB.schema(), 3);

    private static StreamId stream(String name) {
        return StreamId.of(name + "-" + System.nanoTime(), "order");
    }

    private List<RecordedEvent> append(ExpectedVersion expected, NewEvent... events) {
        return ports.events().append(new AppendRequest(List.of(events), expected)).collectList().block(Duration.ofSeconds(10));
    }

    @Test
    void appendsABatchAcrossStreamsInOneStatementNumberingEachStream() {
        StreamId a = stream("a");
        StreamId b = stream("b");
        append(ExpectedVersion.any(), event(a, "Created"));
        List<RecordedEvent> stored = append(ExpectedVersion.any(), event(b, "Created"), event(a, "Paid"), event(b, "Paid"), event(a, "Shipped"));

        assertThat(stored).extracting(RecordedEvent::type).containsExactly("Created", "Paid", "Paid", "Shipped");
        assertThat(stored).extracting(RecordedEvent::sequenceNumber).containsExactly(1L, 2L, 2L, 3L);
        assertThat(stored).extracting(RecordedEvent::globalPosition).isSorted().doesNotHaveDuplicates();
        ports.sequences().currentSequence(a).as(StepVerifier::create).expectNext(3L).expectComplete().verify(WAIT);
    }

    @Test
    void appendedEventsEqualWhatAReadReturnsThoughOnlyGeneratedColumnsComeBack() {
        // The append statements return only what the server generates; the rest comes from the request.
        StreamId a = stream("a");
        StreamId b = stream("b");
        NewEvent spaced = Ports.event(a, "Created", "{ \"b\" : [1, 2.50, {\"c\": null}], \"a\": \"\\u00e9\" }");
        List<RecordedEvent> single = append(ExpectedVersion.noStream(), spaced);
        List<RecordedEvent> batch = append(ExpectedVersion.any(), event(b, "Created"), event(a, "Paid"), event(b, "Paid"));

        List<RecordedEvent> readA = ports.events().find(EventQuery.forStream(a)).collectList().block(Duration.ofSeconds(10));
        List<RecordedEvent> readB = ports.events().find(EventQuery.forStream(b)).collectList().block(Duration.ofSeconds(10));
        assertThat(single).containsExactly(readA.get(0));
        assertThat(batch).containsExactly(readB.get(0), readA.get(1), readB.get(1));
        assertThat(single.get(0).createdAt()).isEqualTo(readA.get(0).createdAt());
        assertThat(single.get(0).position()).isEqualTo(readA.get(0).position());
        assertThat(single.get(0).payload().text()).as("the caller's own text").isEqualTo(spaced.payload().text());
    }

    @Test
    void theAppendStatementReturnsItsRowsInRequestOrder() {
        // The appender relies on this to skip reordering; streams given against their lock and counter order.
        List<StreamId> streams = List.of(stream("z"), stream("m"), stream("a"));
        List<NewEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(event(streams.get(i % 3), "E" + i));
        }
        List<Object> args = R2dbcEventAppender.batchArguments(events);

        // The statement returns the id and the generated columns (AppendSql.GENERATED_COLUMNS), the sequence number first.
        List<Map.Entry<UUID, Long>> returned = new R2dbcSql(DB.connectionFactory())
                .select(AppendSql.append(new SchemaName(DB.schema()), false), args,
                        row -> Map.entry(row.get(0, UUID.class), row.get(AppendSql.GENERATED_SEQUENCE + 1, Long.class)))
                .collectList().block(Duration.ofSeconds(10));

        assertThat(returned).extracting(Map.Entry::getKey).containsExactlyElementsOf(events.stream().map(NewEvent::eventId).toList());
        assertThat(returned).extracting(Map.Entry::getValue)
                .containsExactlyElementsOf(IntStream.range(0, 60).mapToObj(i -> (long) (i / 3 + 1)).toList());
    }

    @Test
    void rejectsAWrongExpectedVersionWithTheActualVersionAndWritesNothing() {
        StreamId s = stream("c");
        append(ExpectedVersion.noStream(), event(s, "Created"), event(s, "Paid"));

        ports.events().append(new AppendRequest(List.of(event(s, "Shipped")), ExpectedVersion.exactly(1)))
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ConcurrencyConflictException.class, conflict -> {
                    assertThat(conflict.expectedVersion()).isEqualTo(1);
                    assertThat(conflict.actualVersion()).isEqualTo(2);
                    assertThat(conflict.isRetryable()).isTrue();
                }))
                .verify(Duration.ofSeconds(10));
        ports.events().append(new AppendRequest(List.of(event(s, "Created")), ExpectedVersion.noStream()))
                .as(StepVerifier::create).expectError(ConcurrencyConflictException.class).verify(Duration.ofSeconds(10));
        assertThat(append(ExpectedVersion.exactly(2), event(s, "Shipped"))).extracting(RecordedEvent::sequenceNumber).containsExactly(3L);
    }

    @Test
    void retryingAStoredAppendReturnsTheStoredEventsEvenWithAnExpectedVersion() {
        StreamId s = stream("d");
        NewEvent first = event(s, "Created");
        NewEvent second = event(s, "Paid");
        List<RecordedEvent> stored = append(ExpectedVersion.noStream(), first, second);

        assertThat(append(ExpectedVersion.noStream(), first, second)).isEqualTo(stored);
        assertThat(append(ExpectedVersion.any(), second, first)).containsExactly(stored.get(1), stored.get(0));
        ports.sequences().currentSequence(s).as(StepVerifier::create).expectNext(2L).expectComplete().verify(WAIT);
    }

    @Test
    void aReusedIdOfAnotherEventOrAPartlyStoredBatchIsADuplicateAndWritesNothing() {
        StreamId s = stream("e");
        NewEvent stored = event(s, "Created");
        append(ExpectedVersion.any(), stored);

        NewEvent otherType = new NewEvent(stored.eventId(), "Other", s, "tester", stored.payload(), stored.metadata(), 1);
        ports.events().append(new AppendRequest(List.of(otherType), ExpectedVersion.any()))
                .as(StepVerifier::create).expectError(DuplicateEventException.class).verify(Duration.ofSeconds(10));
        ports.events().append(new AppendRequest(List.of(event(s, "New"), stored), ExpectedVersion.any()))
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(DuplicateEventException.class).hasMessageContaining(stored.eventId().toString()))
                .verify(Duration.ofSeconds(10));
        ports.events().find(EventQuery.forStream(s)).count().as(StepVerifier::create).expectNext(1L).expectComplete().verify(WAIT);
        ports.sequences().currentSequence(s).as(StepVerifier::create).expectNext(1L).expectComplete().verify(WAIT);
    }

    @Test
    void findsAcrossPagesWithEveryFilterInBothDirections() {
        StreamId s = stream("f");
        for (int i = 0; i < 4; i++) {
            append(ExpectedVersion.any(), event(s, "A"), event(s, "B"));
        }
        EventQuery.Builder q = EventQuery.builder().aggregateType("order").aggregateId(s.aggregateId());
        ports.events().find(q.build()).map(RecordedEvent::sequenceNumber).collectList()
                .as(StepVerifier::create).expectNext(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L)).expectComplete().verify(WAIT);
        ports.events().find(q.type("B").fromSequence(3L).toSequence(8L).order(SortOrder.DESC).build()).map(RecordedEvent::sequenceNumber).collectList()
                .as(StepVerifier::create).expectNext(List.of(8L, 6L, 4L)).expectComplete().verify(WAIT);
        ports.events().find(q.limit(2).build()).map(RecordedEvent::sequenceNumber).collectList()
                .as(StepVerifier::create).expectNext(List.of(8L, 6L)).expectComplete().verify(WAIT);
        ports.events().find(EventQuery.builder().aggregateId(s.aggregateId()).type("A").limit(3).build()).map(RecordedEvent::sequenceNumber).collectList()
                .as(StepVerifier::create).expectNext(List.of(1L, 3L, 5L)).expectComplete().verify(WAIT);

        RecordedEvent third = ports.events().find(q.types(java.util.Set.of()).fromSequence(3L).toSequence(3L).limit(null).order(SortOrder.ASC).build())
                .single().block(Duration.ofSeconds(10));
        ports.events().find(EventQuery.builder().aggregateId(s.aggregateId()).fromTime(third.createdAt()).toTime(third.createdAt().plusNanos(1000)).build())
                .map(RecordedEvent::sequenceNumber).collectList()
                .as(StepVerifier::create).assertNext(list -> assertThat(list).contains(3L).doesNotContain(1L, 2L)).expectComplete().verify(WAIT);
        ports.events().findById(third.id()).as(StepVerifier::create).expectNext(third).expectComplete().verify(WAIT);
        ports.events().findById(java.util.UUID.randomUUID()).as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    @Test
    void statsAndValidationComeFromSql() {
        StreamId s = stream("g");
        append(ExpectedVersion.any(), event(s, "A"), event(s, "B"), event(s, "B"));
        ports.events().stats(s).as(StepVerifier::create).assertNext(stats -> {
            assertThat(stats.totalEvents()).isEqualTo(3);
            assertThat(stats.firstEvent().type()).isEqualTo("A");
            assertThat(stats.lastEvent().sequenceNumber()).isEqualTo(3);
            assertThat(stats.eventTypes()).containsExactly(java.util.Map.entry("A", 1L), java.util.Map.entry("B", 2L));
        }).expectComplete().verify(WAIT);
        ports.events().stats(stream("empty")).as(StepVerifier::create)
                .assertNext(stats -> assertThat(stats.totalEvents()).isZero()).expectComplete().verify(WAIT);
        ports.events().validate(s).as(StepVerifier::create).assertNext(result -> assertThat(result.valid()).isTrue()).expectComplete().verify(WAIT);

        String table = DB.schema() + ".events";
        DB.execute("DELETE FROM " + table + " WHERE aggregate_id = '" + s.aggregateId() + "' AND sequence_number IN (1, 2)").block(Duration.ofSeconds(10));
        DB.execute("INSERT INTO " + table + " (id, type, aggregate_id, aggregate_type, sequence_number, created_by) VALUES (gen_random_uuid(), 'X', '"
                + s.aggregateId() + "', 'order', 7, 'raw sql')").block(Duration.ofSeconds(10));
        ports.events().validate(s).as(StepVerifier::create).assertNext(result -> {
            assertThat(result.valid()).isFalse();
            assertThat(result.issues()).extracting(ValidationIssue::kind)
                    .containsExactly(ValidationIssue.Kind.INVALID_START, ValidationIssue.Kind.COUNTER_BEHIND, ValidationIssue.Kind.GAP);
        }).expectComplete().verify(WAIT);
    }

    @Test
    void theCounterIsZeroForANewStreamAndFollowsAppends() {
        StreamId s = stream("h");
        ports.sequences().currentSequence(s).as(StepVerifier::create).expectNext(0L).expectComplete().verify(WAIT);
        ports.events().append(new AppendRequest(List.of(event(s, "A"), event(s, "B")), ExpectedVersion.any())).then()
                .block(WAIT);
        ports.sequences().currentSequence(s).as(StepVerifier::create).expectNext(2L).expectComplete().verify(WAIT);
    }

    @Test
    void creationTimesReadBackToTheMicrosecondBeforeAndAfter1970() {
        StreamId s = stream("t");
        String table = DB.schema() + ".events";
        String[] written = {"1969-12-31 23:59:59.999999+00", "1970-01-01 00:00:00+00", "2026-12-02 18:40:01.123456+00",
                "2026-03-29 01:30:00.000001+00"};
        for (int i = 0; i < written.length; i++) {
            DB.execute("INSERT INTO " + table + " (id, type, aggregate_id, aggregate_type, sequence_number, created_by, created_at)"
                    + " VALUES (gen_random_uuid(), 'T', '" + s.aggregateId() + "', 'order', " + (i + 1) + ", 'raw sql', '" + written[i] + "')")
                    .block(Duration.ofSeconds(10));
        }

        List<Instant> read = ports.events().find(EventQuery.forStream(s)).map(RecordedEvent::createdAt)
                .collectList().block(Duration.ofSeconds(10));

        assertThat(read).containsExactly(Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.EPOCH,
                Instant.parse("2026-12-02T18:40:01.123456Z"), Instant.parse("2026-03-29T01:30:00.000001Z"));
    }
}
