package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.error.DuplicateEventException;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Appending: numbering, batches across streams, atomicity and optimistic concurrency. */
public interface AppendConformance extends ConformanceSupport {

    /** Payload in these tests. */
    record OrderPlaced(String customer, long amount, List<String> items) {
    }

    @Test
    default void appendEventStoresEveryFieldAndNumbersFromOne() {
        NewEvent event = NewEvent.builder().type("OrderPlaced").aggregateId("o-1").aggregateType(ORDER)
                .createdBy("user-7").payload(Map.of("amount", 5)).metadata(Map.of("ip", "10.0.0.1")).version(2).build();
        store().appendEvent(event).as(StepVerifier::create)
                .assertNext(stored -> {
                    assertThat(stored.id()).isNotNull();
                    assertThat(stored.type()).isEqualTo("OrderPlaced");
                    assertThat(stored.stream()).isEqualTo(StreamId.of("o-1", ORDER));
                    assertThat(stored.sequenceNumber()).isEqualTo(1);
                    assertThat(stored.version()).isEqualTo(2);
                    assertThat(stored.createdBy()).isEqualTo("user-7");
                    assertThat(stored.payload()).isEqualTo(Json.parse("{\"amount\":5}"));
                    assertThat(stored.metadata()).isEqualTo(Json.parse("{\"ip\":\"10.0.0.1\"}"));
                    assertThat(stored.createdAt()).isNotNull();
                    assertThat(stored.position()).isGreaterThan(Position.BEGINNING);
                })
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void appendEventKeepsTheCallersEventId() {
        UUID id = UUID.randomUUID();
        store().appendEvent(event("o-1", "Added", 1).withEventId(id)).map(RecordedEvent::id)
                .as(StepVerifier::create).expectNext(id).expectComplete().verify(TIMEOUT);
        store().getEvent(id).map(RecordedEvent::id).as(StepVerifier::create).expectNext(id).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void successiveAppendsGetConsecutiveSequenceNumbersAndIncreasingPositions() {
        List<RecordedEvent> stored = appendEach("o-1", 3);
        assertThat(stored).extracting(RecordedEvent::sequenceNumber).containsExactly(1L, 2L, 3L);
        assertThat(stored.get(1).position()).isGreaterThan(stored.get(0).position());
        assertThat(stored.get(2).position()).isGreaterThan(stored.get(1).position());
    }

    @Test
    default void streamsAreNumberedIndependentlyAndTypeIsPartOfTheStream() {
        append(event("o-1", "Added", 1));
        append(event("o-2", "Added", 1));
        append(event("o-1", "customer", "Added", 1));
        store().appendEvent(event("o-1", "Added", 1)).map(RecordedEvent::sequenceNumber)
                .as(StepVerifier::create).expectNext(2L).expectComplete().verify(TIMEOUT);
        store().appendEvent(event("o-1", "customer", "Added", 1)).map(RecordedEvent::sequenceNumber)
                .as(StepVerifier::create).expectNext(2L).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void appendEventsEmitsTheBatchInListOrderWithConsecutiveNumbers() {
        append(event("o-1", "Added", 1));
        store().appendEvents(List.of(event("o-1", "A", 1), event("o-1", "B", 2), event("o-1", "C", 3)))
                .as(StepVerifier::create)
                .assertNext(e -> assertThat(e.type() + e.sequenceNumber()).isEqualTo("A2"))
                .assertNext(e -> assertThat(e.type() + e.sequenceNumber()).isEqualTo("B3"))
                .assertNext(e -> assertThat(e.type() + e.sequenceNumber()).isEqualTo("C4"))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void aBatchMaySpanStreamsAndNumbersEachStream() {
        append(event("o-2", "Added", 1));
        store().appendEvents(List.of(event("o-1", "A", 1), event("o-2", "B", 1), event("o-1", "C", 1)))
                .map(e -> e.aggregateId() + "#" + e.sequenceNumber())
                .as(StepVerifier::create)
                .expectNext("o-1#1", "o-2#2", "o-1#2")
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void aFailedMultiStreamBatchWritesNothing() {
        UUID taken = append(event("o-9", "Added", 1)).get(0).id();
        NewEvent clash = event("o-3", "Added", 1).withEventId(taken);
        store().appendEvents(List.of(event("o-1", "A", 1), event("o-2", "B", 1), clash))
                .as(StepVerifier::create)
                .expectError(DuplicateEventException.class)
                .verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).isEmpty();
        assertThat(collect(store().getAggregateEvents("o-2", ORDER))).isEmpty();
        assertThat(collect(store().getAggregateEvents("o-3", ORDER))).isEmpty();
    }

    @Test
    default void expectedVersionNoStreamAcceptsANewStream() {
        store().appendEvent(event("o-1", "Created", 1), ExpectedVersion.noStream()).map(RecordedEvent::sequenceNumber)
                .as(StepVerifier::create).expectNext(1L).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void expectedVersionExactlyTheCurrentVersionSucceeds() {
        appendEach("o-1", 2);
        store().appendEvents(List.of(event("o-1", "A", 1), event("o-1", "B", 1)), ExpectedVersion.exactly(2))
                .map(RecordedEvent::sequenceNumber)
                .as(StepVerifier::create).expectNext(3L, 4L).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void expectedVersionMismatchIsATypedConflictAndWritesNothing() {
        appendEach("o-1", 2);
        store().appendEvents(List.of(event("o-1", "A", 1), event("o-1", "B", 1)), ExpectedVersion.exactly(1))
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ConcurrencyConflictException.class, conflict -> {
                    assertThat(conflict.stream()).isEqualTo(StreamId.of("o-1", ORDER));
                    assertThat(conflict.expectedVersion()).isEqualTo(1);
                    assertThat(conflict.actualVersion()).isEqualTo(2);
                    assertThat(conflict.isRetryable()).isTrue();
                }))
                .verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(2);
    }

    @Test
    default void expectedVersionNoStreamConflictsWithAnExistingStream() {
        appendEach("o-1", 1);
        store().appendEvent(event("o-1", "Created", 1), ExpectedVersion.noStream())
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ConcurrencyConflictException.class,
                        conflict -> assertThat(conflict.actualVersion()).isEqualTo(1)))
                .verify(TIMEOUT);
    }

    @Test
    default void anExpectedVersionAboveZeroConflictsWithAStreamThatDoesNotExist() {
        store().appendEvent(event("o-1", "Shipped", 1), ExpectedVersion.exactly(5))
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ConcurrencyConflictException.class, conflict -> {
                    assertThat(conflict.expectedVersion()).isEqualTo(5);
                    assertThat(conflict.actualVersion()).isZero();
                }))
                .verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).isEmpty();
    }

    @Test
    default void concurrentAppendersGetContiguousSequenceNumbers() {
        Flux.range(0, 40)
                .flatMap(i -> store().appendEvent(event("o-1", "Added", i)).subscribeOn(Schedulers.parallel()), 8)
                .then().as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).extracting(RecordedEvent::sequenceNumber)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
    }

    @Test
    default void concurrentAppendsExpectingTheSameVersionHaveExactlyOneWinner() {
        appendEach("o-1", 1);
        List<Boolean> outcomes = Flux.range(0, 8)
                .flatMap(i -> store().appendEvent(event("o-1", "Raced", i), ExpectedVersion.exactly(1))
                        .subscribeOn(Schedulers.parallel())
                        .map(stored -> true)
                        .onErrorResume(ConcurrencyConflictException.class, conflict -> Mono.just(false)))
                .collectList().block(TIMEOUT);
        assertThat(outcomes).containsOnlyOnce(true).hasSize(8);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(2);
    }

    @Test
    default void payloadsRoundTripAndConvertToTypes() {
        OrderPlaced placed = new OrderPlaced("Zoë \uD83D\uDE00 \"quoted\" \\ back", 42, List.of("a", "b"));
        NewEvent event = NewEvent.builder().type("OrderPlaced").aggregateId("o-1").aggregateType(ORDER)
                .createdBy("tck").payload(placed).build();
        UUID id = append(event).get(0).id();
        store().getAggregateEvents("o-1", ORDER).map(e -> e.payloadAs(OrderPlaced.class))
                .as(StepVerifier::create).expectNext(placed).expectComplete().verify(TIMEOUT);
        store().queryEvents(EventQuery.all()).map(RecordedEvent::id)
                .as(StepVerifier::create).expectNext(id).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void anEscapedBackslashFollowedByU0000IsOrdinaryText() {
        String json = "{\"text\":\"\\\\u0000\"}";
        NewEvent event = NewEvent.builder().type("Noted").aggregateId("o-1").aggregateType(ORDER)
                .createdBy("tck").payload(Json.parse(json)).build();
        append(event);
        store().getAggregateEvents("o-1", ORDER).map(e -> e.payload().node().get("text").asString())
                .as(StepVerifier::create).expectNext("\\u0000").expectComplete().verify(TIMEOUT);
    }
}
