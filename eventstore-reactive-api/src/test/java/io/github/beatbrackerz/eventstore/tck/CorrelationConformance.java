package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Correlation and causation ids: stored in the metadata, read back, and selected by queries and subscriptions. */
public interface CorrelationConformance extends ConformanceSupport {

    /** An id with a quote, a backslash, a wildcard and a non-ASCII letter, so that its JSON text has escapes. */
    String ODD_ID = "c \"1\" \\ 50% ü";

    private NewEvent correlated(String aggregateId, String type, String correlationId) {
        return NewEvent.builder().type(type).aggregateId(aggregateId).aggregateType(ORDER).createdBy("tck")
                .payload(Map.of("amount", 1)).metadata(Map.of("source", "tck")).correlationId(correlationId).build();
    }

    /** Appends, one call each: o-1 A (c-1), o-2 B (c-2), o-1 C (none), c-9 D (c-1), o-2 E (c-1), o-3 F ("c-%"). */
    private List<RecordedEvent> interleaved() {
        return List.of(
                append(correlated("o-1", "A", "c-1")).get(0),
                append(correlated("o-2", "B", "c-2")).get(0),
                append(event("o-1", "C", 1)).get(0),
                append(correlated("c-9", "D", "c-1")).get(0),
                append(correlated("o-2", "E", "c-1")).get(0),
                append(correlated("o-3", "F", "c-%")).get(0));
    }

    private static NewEvent.Builder placed() {
        return NewEvent.builder().type("Placed").aggregateId("o-1").aggregateType(ORDER).createdBy("tck");
    }

    private static void rejects(String field, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
                invalid -> assertThat(invalid.field()).isEqualTo(field));
    }

    @Test
    default void idsRoundTripThroughTheMetadata() {
        NewEvent event = NewEvent.builder().type("Placed").aggregateId("o-1").aggregateType(ORDER).createdBy("tck")
                .metadata(Map.of("ipAddress", "10.0.0.1")).correlationId("corr-1").causationId("cmd-7").build();
        RecordedEvent stored = store().appendEvent(event).block(TIMEOUT);
        assertThat(stored.correlationId()).isEqualTo("corr-1");
        assertThat(stored.causationId()).isEqualTo("cmd-7");
        RecordedEvent read = store().getEvent(stored.id()).block(TIMEOUT);
        assertThat(read.correlationId()).isEqualTo("corr-1");
        assertThat(read.causationId()).isEqualTo("cmd-7");
        assertThat(read.metadata().node().get("correlationId").stringValue()).isEqualTo("corr-1");
        assertThat(read.metadata().node().get("causationId").stringValue()).isEqualTo("cmd-7");
        assertThat(read.metadata().node().get("ipAddress").stringValue()).isEqualTo("10.0.0.1");
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).singleElement()
                .satisfies(e -> assertThat(e.correlationId() + "/" + e.causationId()).isEqualTo("corr-1/cmd-7"));
    }

    @Test
    default void anEventWithoutIdsReadsNone() {
        RecordedEvent stored = append(event("o-1", "Added", 1)).get(0);
        assertThat(store().getEvent(stored.id()).block(TIMEOUT)).satisfies(read -> {
            assertThat(read.correlationId()).isNull();
            assertThat(read.causationId()).isNull();
        });
    }

    @Test
    default void aFollowUpEventIsCausedByItsCauseAndSharesItsCorrelation() {
        RecordedEvent first = append(event("o-1", "Placed", 1)).get(0);
        NewEvent second = NewEvent.builder().type("Paid").aggregateId("o-1").aggregateType(ORDER).createdBy("tck").causedBy(first).build();
        RecordedEvent paid = store().appendEvent(second).block(TIMEOUT);
        assertThat(paid.causationId()).isEqualTo(first.id().toString());
        assertThat(paid.correlationId()).as("the first event starts the correlation").isEqualTo(first.id().toString());
        NewEvent third = NewEvent.builder().type("Shipped").aggregateId("s-1").aggregateType("shipment").createdBy("tck").causedBy(paid).build();
        RecordedEvent shipped = store().appendEvent(third).block(TIMEOUT);
        assertThat(shipped.causationId()).isEqualTo(paid.id().toString());
        assertThat(shipped.correlationId()).isEqualTo(first.id().toString());
        assertThat(collect(store().queryEvents(EventQuery.builder().correlationId(first.id().toString()).build())))
                .containsExactly(paid, shipped);
    }

    @Test
    default void queryByCorrelationIdReturnsExactlyTheCorrelatedEventsInOrder() {
        List<RecordedEvent> history = interleaved();
        assertThat(collect(store().queryEvents(EventQuery.builder().correlationId("c-1").build())))
                .containsExactly(history.get(0), history.get(3), history.get(4));
        assertThat(collect(store().queryEvents(EventQuery.builder().correlationId("c-1").order(SortOrder.DESC).limit(2).build())))
                .containsExactly(history.get(4), history.get(3));
        assertThat(collect(store().queryEvents(EventQuery.builder().correlationId("c-2").build()))).containsExactly(history.get(1));
        assertThat(collect(store().queryEvents(EventQuery.builder().correlationId("c-3").build()))).isEmpty();
    }

    @Test
    default void correlationCombinesWithTheOtherCriteria() {
        List<RecordedEvent> history = interleaved();
        EventQuery.Builder c1 = EventQuery.builder().correlationId("c-1");
        assertThat(collect(store().queryEvents(c1.aggregateId("o-2").aggregateType(ORDER).build()))).containsExactly(history.get(4));
        assertThat(collect(store().queryEvents(EventQuery.builder().correlationId("c-1").type("D").build()))).containsExactly(history.get(3));
        assertThat(collect(store().queryEvents(EventQuery.builder().correlationId("c-2").aggregateId("o-1").build()))).isEmpty();
    }

    @Test
    default void correlationIdsMatchLiterally() {
        List<RecordedEvent> history = interleaved();
        assertThat(collect(store().queryEvents(EventQuery.builder().correlationId("c-%").build()))).containsExactly(history.get(5));
        assertThat(collect(store().queryEvents(EventQuery.builder().correlationId("c-_").build()))).isEmpty();
        RecordedEvent odd = append(correlated("o-4", "G", ODD_ID)).get(0);
        assertThat(odd.correlationId()).isEqualTo(ODD_ID);
        assertThat(collect(store().queryEvents(EventQuery.builder().correlationId(ODD_ID).build()))).singleElement()
                .satisfies(read -> assertThat(read.correlationId()).isEqualTo(ODD_ID));
    }

    @Test
    default void aLiveSubscriptionFiltersByCorrelationId() {
        CompletableFuture<List<RecordedEvent>> live = subscribedLive(EventFilter.correlationId("c-1"), 3);
        List<RecordedEvent> history = interleaved();
        StepVerifier.create(Mono.fromFuture(live))
                .expectNext(List.of(history.get(0), history.get(3), history.get(4)))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void aLiveSubscriptionFiltersByCorrelationIdAndStream() {
        EventFilter filter = EventFilter.forStream(StreamId.of("o-2", ORDER)).withCorrelationId("c-1");
        CompletableFuture<List<RecordedEvent>> live = subscribedLive(filter, 1);
        List<RecordedEvent> history = interleaved();
        StepVerifier.create(Mono.fromFuture(live)).expectNext(List.of(history.get(4))).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void subscribeFromFiltersHistoryAndLiveEventsByCorrelationId() {
        List<RecordedEvent> history = interleaved();
        StepVerifier.create(store().subscribeFrom(Position.BEGINNING, EventFilter.correlationId("c-1")).take(5))
                .expectNext(history.get(0), history.get(3), history.get(4))
                .then(() -> {
                    append(correlated("o-1", "H", "c-2"), event("o-1", "I", 1), correlated("o-5", "J", "c-1"));
                    append(correlated("o-1", "K", "c-1"));
                })
                .assertNext(e -> assertThat(e.type() + e.correlationId()).isEqualTo("Jc-1"))
                .assertNext(e -> assertThat(e.type() + e.correlationId()).isEqualTo("Kc-1"))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void badIdsAreRejectedNamingTheField() {
        rejects("correlationId", () -> placed().correlationId(" "));
        rejects("correlationId", () -> placed().correlationId("x".repeat(256)));
        rejects("causationId", () -> placed().causationId(""));
        rejects("causationId", () -> placed().causationId(null));
        rejects("correlationId", () -> EventQuery.builder().correlationId(" ").build());
        rejects("correlationId", () -> EventFilter.correlationId(""));
        rejects("correlationId", () -> EventFilter.all().withCorrelationId("a\u0000b"));
    }

    @Test
    default void metadataHoldingOtherIdsIsRejectedNamingTheField() {
        rejects("correlationId", () -> placed().metadata(Map.of("correlationId", "a")).correlationId("b").build());
        rejects("causationId", () -> placed().causationId("b").metadataJson("{\"causationId\":\"a\"}").build());
        rejects("correlationId", () -> placed().metadataJson("{\"correlationId\":42}").build());
        rejects("causationId", () -> placed().metadataJson("{\"causationId\":\" \"}").build());
        rejects("metadata", () -> placed().metadataJson("[1]").correlationId("a").build());
        assertThat(placed().metadata(Map.of("correlationId", "a")).correlationId("a").build().correlationId()).isEqualTo("a");
        assertThat(placed().metadataJson("{\"correlationId\":\"a\"}").build().correlationId()).isEqualTo("a");
    }
}
