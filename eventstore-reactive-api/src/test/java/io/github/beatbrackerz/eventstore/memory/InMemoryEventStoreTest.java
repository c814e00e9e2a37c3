package io.github.beatbrackerz.eventstore.memory;

import static io.github.beatbrackerz.eventstore.tck.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.SubscriberOverflowException;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.ValidationIssue;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Behaviour of the in-memory adapters that the conformance suite cannot reach through the API. */
class InMemoryEventStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final StreamId A = StreamId.of("a", "thing");
    private static final StreamId B = StreamId.of("b", "thing");

    @Test
    void concurrentAppendersGetContiguousSequences() {
        EventStore store = InMemoryEventStore.create();
        Flux.range(0, 200)
                .flatMap(i -> store.appendEvent(event(A, "Happened")).subscribeOn(Schedulers.parallel()), 16)
                .then()
                .as(StepVerifier::create)
                .expectComplete().verify(TIMEOUT);
        store.getAggregateEvents("a", "thing").map(RecordedEvent::sequenceNumber).collectList()
                .as(StepVerifier::create)
                .assertNext(sequences -> assertThat(sequences).containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 200).boxed().toList()))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    void positionsCountOneTransactionPerAppendCall() {
        EventStore store = InMemoryEventStore.create();
        store.appendEvents(List.of(event(A, "Happened"), event(B, "Happened")))
                .concatWith(store.appendEvent(event(A, "Happened")))
                .map(RecordedEvent::position)
                .as(StepVerifier::create)
                .expectNext(Position.of(1, 1), Position.of(1, 2), Position.of(2, 3))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    void slowSubscriberErrorsWithItsLastPositionWithoutHoldingUpOthers() {
        EventStore store = InMemoryEventStore.builder().subscriberBufferSize(4).build();
        StepVerifier.create(store.subscribeToEvents(EventFilter.all()), 0)
                .thenRequest(1)
                .then(() -> Flux.range(0, 600).concatMap(i -> store.appendEvent(event(A, "Happened"))).blockLast(TIMEOUT))
                .expectNextCount(1)
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(e -> true)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(SubscriberOverflowException.class,
                        overflow -> assertThat(overflow.lastSeenPosition().globalPosition()).isBetween(1L, 599L)))
                .verify(TIMEOUT);
        store.getAggregateEvents("a", "thing").count().as(StepVerifier::create).expectNext(600L).expectComplete().verify(TIMEOUT);
    }

    @Test
    void overflowPositionResumesWithoutLoss() {
        EventStore store = InMemoryEventStore.builder().subscriberBufferSize(2).build();
        List<RecordedEvent> received = new CopyOnWriteArrayList<>();
        StepVerifier.create(store.subscribeToEvents(EventFilter.all()).doOnNext(received::add), 0)
                .then(() -> Flux.range(0, 400).concatMap(i -> store.appendEvent(event(A, "Happened"))).blockLast(TIMEOUT))
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(e -> true)
                .expectErrorSatisfies(error -> {
                    Position resume = ((SubscriberOverflowException) error).lastSeenPosition();
                    assertThat(received).isNotEmpty();
                    assertThat(received.get(received.size() - 1).position()).isEqualTo(resume);
                    store.subscribeFrom(resume, EventFilter.all()).take(400L - received.size())
                            .map(RecordedEvent::sequenceNumber)
                            .as(StepVerifier::create)
                            .expectNextSequence(LongStream.rangeClosed(received.size() + 1L, 400).boxed().toList())
                            .expectComplete().verify(TIMEOUT);
                })
                .verify(TIMEOUT);
    }

    @Test
    void validateReportsAGapLeftByAReservationThatWasNeverUsed() {
        InMemoryStorage storage = new InMemoryStorage();
        InMemoryEventRepository events = new InMemoryEventRepository(storage, new InMemorySnapshotRepository());
        StreamId stream = StreamId.of("a", "thing");
        events.append(new AppendRequest(List.of(event(A, "Happened").withEventId(UUID.randomUUID())), ExpectedVersion.any()))
                .then(Mono.fromCallable(() -> storage.reserve(stream, 2)))
                .thenMany(events.append(new AppendRequest(List.of(event(A, "Happened").withEventId(UUID.randomUUID())), ExpectedVersion.any())))
                .then(events.validate(stream))
                .as(StepVerifier::create)
                .assertNext(result -> {
                    assertThat(result.valid()).isFalse();
                    assertThat(result.issues()).extracting(ValidationIssue::kind).containsExactly(ValidationIssue.Kind.GAP);
                    assertThat(result.issues().get(0).sequenceNumber()).isEqualTo(4);
                })
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    void cacheKeepsTheLongerPrefixWhateverTheOrderOfFills() {
        InMemoryEventCache cache = new InMemoryEventCache();
        EventStore store = InMemoryEventStore.create();
        List<RecordedEvent> stored = store.appendEvents(List.of(event(A, "Happened"), event(A, "Happened"), event(A, "Happened"))).collectList().block(TIMEOUT);
        StreamId stream = StreamId.of("a", "thing");
        cache.putAggregateEvents(stream, stored)
                .then(cache.putAggregateEvents(stream, stored.subList(0, 1)))
                .then(cache.appendAggregateEvents(stream, stored.subList(1, 2)))
                .then(cache.getAggregateEvents(stream))
                .as(StepVerifier::create)
                .assertNext(prefix -> assertThat(prefix).containsExactlyElementsOf(stored))
                .expectComplete().verify(TIMEOUT);
    }
}
