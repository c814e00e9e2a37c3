package io.github.beatbrackerz.eventstore.r2dbc;

import static io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows.EMOJI_TYPE;
import static io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows.LONG_ID;
import static io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows.ODD_SEQUENCES;
import static io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows.ODD_VALUES;
import static io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows.ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventBatch;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.ValidationIssue;
import io.github.beatbrackerz.eventstore.r2dbc.test.ForeignRows;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

/**
 * Rows written by other programs, with values the library's write rules refuse (see {@link
 * ForeignRows}), are read as they are stored by every read: queries in both directions and
 * across keyset pages, aggregate reads, single events, replays and projections, statistics and
 * validation.
 */
class ForeignRowsIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Projection<String> SEQUENCES = Projection.of(String.class, "",
            (seen, event) -> seen.isEmpty() ? Long.toString(event.sequenceNumber()) : seen + "," + event.sequenceNumber());

    private static final List<ForeignRows.Row> ROWS = Stream.concat(ForeignRows.deliverable().stream(),
            Stream.of(ForeignRows.aboveEveryTransaction())).toList();
    private static EventStore store;

    @BeforeAll
    static void insertForeignRows() {
        String schema = DB.newSchema(true);
        ForeignRows.insert(DB, schema, ROWS).block(WAIT);
        store = R2dbcEventStores.builder(DB.connectionFactory()).schema(schema).subscriptions(SubscriptionMode.disabled()).pageSize(2).build();
    }

    @AfterAll
    static void close() {
        store.close().block(WAIT);
    }

    @Test
    void queriesReturnEveryRowAsStoredInBothDirectionsAcrossPages() {
        List<RecordedEvent> ascending = collect(store.queryEvents(EventQuery.all()));
        assertFaithful(ascending, ROWS);
        assertThat(ascending).isSortedAccordingTo(Comparator.comparingLong(RecordedEvent::globalPosition));
        assertThat(ascending.get(0).globalPosition()).isEqualTo(-7);
        assertThat(ascending.get(ascending.size() - 1).globalPosition()).isEqualTo(Long.MAX_VALUE);

        List<RecordedEvent> descending = collect(store.queryEvents(EventQuery.builder().order(SortOrder.DESC).build()));
        List<RecordedEvent> reversed = new ArrayList<>(ascending);
        Collections.reverse(reversed);
        assertThat(descending).isEqualTo(reversed);

        assertThat(collect(store.queryEvents(EventQuery.builder().type(EMOJI_TYPE).build())))
                .extracting(RecordedEvent::aggregateId).containsExactly(ODD_VALUES);
        assertThat(collect(store.queryEvents(EventQuery.builder().aggregateType(EMOJI_TYPE).build())))
                .extracting(RecordedEvent::aggregateId).containsExactly("emoji-1");
        assertThat(collect(store.queryEvents(EventQuery.builder().aggregateId(ODD_SEQUENCES).aggregateType(ORDER)
                .order(SortOrder.DESC).build()))).extracting(RecordedEvent::sequenceNumber).containsExactly(5L, 1L, 0L, -3L);
    }

    @Test
    void aggregateReadsAndSingleEventsReturnTheRowsAsStored() {
        assertStream(ODD_VALUES, ORDER, 1, 2, 3, 4);
        assertStream(ODD_SEQUENCES, ORDER, -3, 0, 1, 5);
        assertStream(LONG_ID, ORDER, 1);
        assertStream("emoji-1", EMOJI_TYPE, 1);
        assertStream("future-1", ORDER, 1);
        for (ForeignRows.Row row : ROWS) {
            RecordedEvent event = store.getEvent(row.id()).block(WAIT);
            assertThat(event).as(row.kind()).isNotNull();
            assertThat(row.actual(event)).as(row.kind()).isEqualTo(row.expected());
        }
    }

    @Test
    void replaysAndProjectionsFoldEveryRowOfTheStream() {
        assertThat(store.replayBatches(EventQuery.all(), 3).flatMapIterable(EventBatch::events).collectList().block(WAIT))
                .isEqualTo(collect(store.queryEvents(EventQuery.all())));
        assertThat(store.replayEventStream(EventQuery.all(), (events, number) -> Flux.empty(), 5).block(WAIT)).isEqualTo(ROWS.size());
        assertThat(store.replayEvents(ODD_SEQUENCES, ORDER, SEQUENCES).block(WAIT)).isEqualTo("-3,0,1,5");
        assertThat(store.getStateAtSequence(ODD_SEQUENCES, ORDER, SEQUENCES, 0).block(WAIT)).isEqualTo("-3,0");
        assertThat(store.getStateAtSequence(ODD_SEQUENCES, ORDER, SEQUENCES, 4).block(WAIT)).isEqualTo("-3,0,1");
        assertThat(store.replayEvents(LONG_ID, ORDER, SEQUENCES).block(WAIT)).isEqualTo("1");
        assertThat(store.replayEvents(ODD_VALUES, ORDER, SEQUENCES).block(WAIT)).isEqualTo("1,2,3,4");

        assertThat(store.rebuildWithSnapshots(ODD_SEQUENCES, ORDER, SEQUENCES, 1).block(WAIT)).isEqualTo("-3,0,1,5");
        assertThat(store.getLatestSnapshot(ODD_SEQUENCES, ORDER).block(WAIT).sequenceNumber()).isEqualTo(5);
        assertThat(store.replayEvents(ODD_SEQUENCES, ORDER, SEQUENCES).block(WAIT)).isEqualTo("-3,0,1,5");
        assertThat(store.getStateAtSequence(ODD_SEQUENCES, ORDER, SEQUENCES, 3).block(WAIT)).isEqualTo("-3,0,1");
    }

    @Test
    void statsAndValidationDescribeTheStreamsAsStored() {
        AggregateStats odd = store.getAggregateStats(ODD_SEQUENCES, ORDER).block(WAIT);
        assertThat(odd.totalEvents()).isEqualTo(4);
        assertThat(odd.firstEvent().sequenceNumber()).isEqualTo(-3);
        assertThat(odd.lastEvent().sequenceNumber()).isEqualTo(5);
        assertThat(odd.eventTypes()).isEqualTo(Map.of("Imported", 4L));

        AggregateStats values = store.getAggregateStats(ODD_VALUES, ORDER).block(WAIT);
        assertThat(values.eventTypes()).isEqualTo(Map.of(" ", 1L, EMOJI_TYPE, 1L, "Shipped", 1L, "Closed", 1L));
        assertThat(values.firstEvent().createdAt()).isEqualTo(Instant.MIN);
        assertThat(values.lastEvent().globalPosition()).isEqualTo(Long.MAX_VALUE);
        assertThat(store.getAggregateStats(LONG_ID, ORDER).block(WAIT).totalEvents()).isEqualTo(1);
        assertThat(store.getAggregateStats("emoji-1", EMOJI_TYPE).block(WAIT).totalEvents()).isEqualTo(1);

        assertThat(store.validateEventStream(ODD_SEQUENCES, ORDER).block(WAIT).issues())
                .extracting(ValidationIssue::kind, ValidationIssue::sequenceNumber)
                .containsExactly(tuple(ValidationIssue.Kind.INVALID_START, -3L), tuple(ValidationIssue.Kind.GAP, 0L),
                        tuple(ValidationIssue.Kind.COUNTER_BEHIND, 5L), tuple(ValidationIssue.Kind.GAP, 5L));
        assertThat(store.validateEventStream(LONG_ID, ORDER).block(WAIT).issues())
                .extracting(ValidationIssue::kind).containsExactly(ValidationIssue.Kind.COUNTER_BEHIND);
    }

    private static void assertStream(String aggregateId, String aggregateType, long... sequences) {
        List<RecordedEvent> events = collect(store.getAggregateEvents(aggregateId, aggregateType));
        assertThat(events).extracting(RecordedEvent::sequenceNumber)
                .containsExactlyElementsOf(Arrays.stream(sequences).boxed().toList());
        assertFaithful(events, ROWS.stream().filter(row -> row.aggregateId().equals(aggregateId)
                && row.aggregateType().equals(aggregateType)).toList());
    }

    /** Every row was read exactly once, with exactly its stored values. */
    private static void assertFaithful(List<RecordedEvent> events, List<ForeignRows.Row> rows) {
        Map<UUID, RecordedEvent> byId = events.stream().collect(Collectors.toMap(RecordedEvent::id, Function.identity()));
        assertThat(events).hasSameSizeAs(rows).hasSameSizeAs(byId.values());
        for (ForeignRows.Row row : rows) {
            RecordedEvent event = byId.get(row.id());
            assertThat(event).as("%s was not read", row.kind()).isNotNull();
            assertThat(row.actual(Objects.requireNonNull(event))).as(row.kind()).isEqualTo(row.expected());
        }
    }

    private static List<RecordedEvent> collect(Flux<RecordedEvent> events) {
        return events.collectList().block(WAIT);
    }
}
