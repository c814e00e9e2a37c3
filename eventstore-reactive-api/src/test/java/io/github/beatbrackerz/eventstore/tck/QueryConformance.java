package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Reading: every query criterion, order, limit, literal matching, and the aggregate and type reads. */
public interface QueryConformance extends ConformanceSupport {

    /** Appends o-1 (Added, Removed), customer c-1 (Registered), o-2 (Added), one call each. */
    private List<RecordedEvent> mixedHistory() {
        return List.of(
                append(event("o-1", "Added", 1)).get(0),
                append(event("o-1", "Removed", 2)).get(0),
                append(event("c-1", "customer", "Registered", 3)).get(0),
                append(event("o-2", "Added", 4)).get(0));
    }

    private List<RecordedEvent> query(EventQuery.Builder query) {
        return collect(store().queryEvents(query.build()));
    }

    @Test
    default void queryAllReturnsEveryEventOldestFirst() {
        List<RecordedEvent> history = mixedHistory();
        store().queryEvents(EventQuery.all()).as(StepVerifier::create).expectNextSequence(history).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void queryByAggregateType() {
        List<RecordedEvent> history = mixedHistory();
        assertThat(query(EventQuery.builder().aggregateType("customer"))).containsExactly(history.get(2));
    }

    @Test
    default void queryByAggregateIdAlone() {
        List<RecordedEvent> history = mixedHistory();
        assertThat(query(EventQuery.builder().aggregateId("o-2"))).containsExactly(history.get(3));
    }

    @Test
    default void queryByEventTypesMatchesAnyOfThem() {
        List<RecordedEvent> history = mixedHistory();
        assertThat(query(EventQuery.builder().types(Set.of("Removed", "Registered"))))
                .containsExactly(history.get(1), history.get(2));
    }

    @Test
    default void queryBySequenceRangeIsInclusive() {
        List<RecordedEvent> stored = appendEach("o-1", 5);
        assertThat(query(EventQuery.builder().aggregateType(ORDER).aggregateId("o-1").fromSequence(2L).toSequence(4L)))
                .containsExactlyElementsOf(stored.subList(1, 4));
    }

    @Test
    default void queryByTimeIncludesFromAndExcludesTo() {
        List<RecordedEvent> history = mixedHistory();
        Instant from = history.get(1).createdAt();
        Instant to = history.get(3).createdAt();
        List<RecordedEvent> expected = history.stream()
                .filter(e -> !e.createdAt().isBefore(from) && e.createdAt().isBefore(to)).toList();
        assertThat(query(EventQuery.builder().fromTime(from).toTime(to))).containsExactlyElementsOf(expected);
        assertThat(expected).contains(history.get(1)).doesNotContain(history.get(3));
    }

    @Test
    default void queryCombinesCriteriaWithAnd() {
        List<RecordedEvent> history = mixedHistory();
        assertThat(query(EventQuery.builder().aggregateType(ORDER).type("Added"))).containsExactly(history.get(0), history.get(3));
    }

    @Test
    default void queryLimitAndDescendingOrderGiveTheNewest() {
        List<RecordedEvent> history = mixedHistory();
        assertThat(query(EventQuery.builder().limit(2))).containsExactly(history.get(0), history.get(1));
        assertThat(query(EventQuery.builder().order(SortOrder.DESC).limit(2))).containsExactly(history.get(3), history.get(2));
        assertThat(query(EventQuery.builder().aggregateType(ORDER).aggregateId("o-1").order(SortOrder.DESC)))
                .containsExactly(history.get(1), history.get(0));
    }

    @Test
    default void percentAndUnderscoreMatchLiterally() {
        append(event("abc", "Added", 1));
        append(event("a%", "Added", 1));
        append(event("a_c", "Added", 1));
        assertThat(query(EventQuery.builder().aggregateId("a%"))).extracting(RecordedEvent::aggregateId).containsExactly("a%");
        assertThat(query(EventQuery.builder().aggregateId("a_c"))).extracting(RecordedEvent::aggregateId).containsExactly("a_c");
        assertThat(query(EventQuery.builder().type("Add%"))).isEmpty();
    }

    @Test
    default void quotesAndBackslashesMatchLiterally() {
        String id = "o'1\"; DROP TABLE events; --\\";
        append(event(id, "it's \"quoted\"", 1));
        assertThat(query(EventQuery.builder().aggregateId(id).type("it's \"quoted\"")))
                .extracting(RecordedEvent::aggregateId).containsExactly(id);
        assertThat(collect(store().getAggregateEvents(id, ORDER))).hasSize(1);
    }

    @Test
    default void aQueryWithoutMatchesCompletesEmpty() {
        mixedHistory();
        store().queryEvents(EventQuery.builder().aggregateType("nothing").build()).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void aLargeResultIsStreamedOnDemand() {
        for (int i = 0; i < 6; i++) {
            append(IntStream.range(0, 50).mapToObj(n -> event("o-1", "Added", n))
                    .toArray(NewEvent[]::new));
        }
        StepVerifier.create(store().queryEvents(EventQuery.all()), 0)
                .thenRequest(10).expectNextCount(10)
                .thenRequest(290).expectNextCount(290)
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void getAggregateEventsReturnsOneStreamInSequenceOrder() {
        append(event("o-2", "Added", 9));
        List<RecordedEvent> stored = append(event("o-1", "A", 1), event("o-1", "B", 2));
        append(event("o-2", "Added", 9));
        store().getAggregateEvents("o-1", ORDER).as(StepVerifier::create).expectNextSequence(stored).expectComplete().verify(TIMEOUT);
        store().getAggregateEvents("unknown", ORDER).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void getAggregateEventsIncludesEventsAppendedAfterAnEarlierRead() {
        appendEach("o-1", 2);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(2);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(2);
        append(event("o-1", "Added", 3), event("o-1", "Added", 4));
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).extracting(RecordedEvent::sequenceNumber)
                .containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    default void getEventsByTypeReturnsTheNewestFirstUpToTheLimit() {
        List<RecordedEvent> history = mixedHistory();
        store().getEventsByType("Added", 10).as(StepVerifier::create)
                .expectNext(history.get(3), history.get(0)).expectComplete().verify(TIMEOUT);
        store().getEventsByType("Added", 1).as(StepVerifier::create).expectNext(history.get(3)).expectComplete().verify(TIMEOUT);
        store().getEventsByType("Unknown", 5).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void getEventFindsByIdOrCompletesEmpty() {
        RecordedEvent stored = append(event("o-1", "Added", 1)).get(0);
        store().getEvent(stored.id()).as(StepVerifier::create).expectNext(stored).expectComplete().verify(TIMEOUT);
        store().getEvent(stored.id()).as(StepVerifier::create).expectNext(stored).expectComplete().verify(TIMEOUT);
        store().getEvent(UUID.randomUUID()).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }
}
