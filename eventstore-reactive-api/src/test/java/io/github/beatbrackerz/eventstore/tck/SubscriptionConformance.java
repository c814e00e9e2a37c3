package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Live subscriptions with filters, catch-up subscriptions, positions and closing. */
public interface SubscriptionConformance extends ConformanceSupport {

    @Test
    default void aLiveSubscriptionSignalsReadyAtOnceAndDeliversEventsAppendedAfterIt() {
        StepVerifier.create(store().subscribeToSignals(EventFilter.all()).take(4))
                .expectNextMatches(ConformanceSupport::isReady)
                .then(() -> {
                    append(event("o-1", "A", 1), event("o-2", "B", 1));
                    append(event("o-1", "C", 1));
                })
                .assertNext(s -> assertThat(ConformanceSupport.asEvent(s).type() + ConformanceSupport.asEvent(s).aggregateId()).isEqualTo("Ao-1"))
                .assertNext(s -> assertThat(ConformanceSupport.asEvent(s).type() + ConformanceSupport.asEvent(s).aggregateId()).isEqualTo("Bo-2"))
                .assertNext(s -> assertThat(ConformanceSupport.asEvent(s).type() + ConformanceSupport.asEvent(s).aggregateId()).isEqualTo("Co-1"))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void aLiveSubscriptionCanBeCancelledBeforeItIsReady() {
        StepVerifier.create(store().subscribeToSignals(EventFilter.all()))
                .expectSubscription()
                .thenCancel()
                .verify(TIMEOUT);
        StepVerifier.create(store().subscribeToEvents(EventFilter.all()).take(1))
                .expectSubscription()
                .thenCancel()
                .verify(TIMEOUT);
        CompletableFuture<List<RecordedEvent>> live = subscribedLive(EventFilter.all(), 1);
        List<RecordedEvent> stored = append(event("o-1", "A", 1));
        StepVerifier.create(Mono.fromFuture(live)).expectNext(stored).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void theReadySignalTellsWhereDeliveryStarts() {
        appendEach("o-1", 2);
        AtomicReference<Position> startsAfter = new AtomicReference<>();
        StepVerifier.create(store().subscribeToSignals(EventFilter.all()).take(2))
                .assertNext(s -> startsAfter.set(((SubscriptionSignal.Ready) s).startsAfter()))
                .then(() -> append(event("o-1", "Later", 3)))
                .assertNext(s -> {
                    // the first event may be one that committed just before Ready; whichever it is, it lies after startsAfter
                    assertThat(ConformanceSupport.asEvent(s).position()).isGreaterThan(startsAfter.get());
                })
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void aLiveSubscriptionFiltersByAggregateType() {
        CompletableFuture<List<RecordedEvent>> live = subscribedLive(EventFilter.aggregateType("customer"), 1);
        append(event("o-1", "Added", 1));
        append(event("c-1", "customer", "Registered", 1));
        StepVerifier.create(Mono.fromFuture(live))
                .assertNext(events -> assertThat(events).extracting(RecordedEvent::aggregateId).containsExactly("c-1"))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void aLiveSubscriptionFiltersByStreamAndEventTypes() {
        EventFilter filter = EventFilter.forStream(StreamId.of("o-1", ORDER)).withTypes("Paid", "Shipped");
        CompletableFuture<List<RecordedEvent>> live = subscribedLive(filter, 2);
        append(event("o-1", "Added", 1), event("o-2", "Paid", 1), event("o-1", "Paid", 2));
        append(event("o-1", "Shipped", 3));
        StepVerifier.create(Mono.fromFuture(live))
                .assertNext(events -> assertThat(events).extracting(e -> e.type() + e.sequenceNumber()).containsExactly("Paid2", "Shipped3"))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void everySubscriberReceivesEveryEvent() {
        CompletableFuture<List<RecordedEvent>> first = subscribedLive(EventFilter.all(), 2);
        CompletableFuture<List<RecordedEvent>> second = subscribedLive(EventFilter.all(), 2);
        List<RecordedEvent> stored = append(event("o-1", "A", 1), event("o-1", "B", 2));
        StepVerifier.create(Mono.fromFuture(first)).expectNext(stored).expectComplete().verify(TIMEOUT);
        StepVerifier.create(Mono.fromFuture(second)).expectNext(stored).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void subscribeFromTheBeginningDeliversHistoryThenLiveEvents() {
        List<RecordedEvent> history = appendEach("o-1", 3);
        StepVerifier.create(store().subscribeFrom(Position.BEGINNING, EventFilter.all()).take(5))
                .expectNextSequence(history)
                .then(() -> append(event("o-1", "Later", 4), event("o-1", "Later", 5)))
                .assertNext(e -> assertThat(e.sequenceNumber()).isEqualTo(4))
                .assertNext(e -> assertThat(e.sequenceNumber()).isEqualTo(5))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void subscribeFromAPositionStartsAfterIt() {
        List<RecordedEvent> history = appendEach("o-1", 3);
        Position restored = Position.parse(history.get(1).position().serialize());
        StepVerifier.create(store().subscribeFrom(restored, EventFilter.all()).take(1))
                .expectNext(history.get(2))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void subscribeFromFiltersHistoryAndLiveEvents() {
        append(event("o-1", "Added", 1), event("c-1", "customer", "Registered", 1));
        StepVerifier.create(store().subscribeFrom(Position.BEGINNING, EventFilter.aggregateType("customer")).take(2))
                .assertNext(e -> assertThat(e.sequenceNumber()).isEqualTo(1))
                .then(() -> append(event("o-1", "Added", 2), event("c-1", "customer", "Moved", 1)))
                .assertNext(e -> assertThat(e.type()).isEqualTo("Moved"))
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    default void subscribeFromSwitchesToLiveWithoutGapOrDuplicate() {
        for (int i = 0; i < 5; i++) {
            append(IntStream.range(0, 20).mapToObj(n -> event("o-1", "Added", n)).toArray(NewEvent[]::new));
        }
        Mono<List<Long>> seen = store().subscribeFrom(Position.BEGINNING, EventFilter.all())
                .take(250).map(RecordedEvent::sequenceNumber).collectList();
        Mono<Boolean> writer = Flux.range(0, 150)
                .concatMap(i -> store().appendEvent(event("o-1", "Added", i)))
                .subscribeOn(Schedulers.parallel())
                .then(Mono.just(true));
        StepVerifier.create(Mono.zip(seen, writer).map(both -> both.getT1()))
                .expectNext(LongStream.rangeClosed(1, 250).boxed().toList())
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    default void positionsFollowTheGlobalOrder() {
        append(event("o-1", "A", 1), event("o-2", "B", 1));
        append(event("o-1", "C", 1));
        List<Position> positions = collect(store().queryEvents(EventQuery.all())).stream().map(RecordedEvent::position).toList();
        assertThat(positions).hasSize(3).isSorted().doesNotHaveDuplicates();
        positions.forEach(position -> assertThat(Position.parse(position.serialize())).isEqualTo(position));
    }

    @Test
    default void closeCompletesLiveAndCatchUpSubscribers() {
        appendEach("o-1", 1);
        CompletableFuture<List<RecordedEvent>> live = subscribedLive(EventFilter.all(), Long.MAX_VALUE);
        StepVerifier.create(store().subscribeFrom(Position.BEGINNING, EventFilter.all()))
                .expectNextCount(1)
                .then(() -> store().close().block(TIMEOUT))
                .expectComplete()
                .verify(TIMEOUT);
        // The live subscriber completes. It may have received o-1: an engine whose start position is commit-safe
        // (PostgreSQL's, while another transaction is open in the cluster) delivers events that committed shortly before.
        StepVerifier.create(Mono.fromFuture(live))
                .assertNext(events -> assertThat(events).extracting(RecordedEvent::sequenceNumber).isSubsetOf(1L).hasSizeLessThanOrEqualTo(1))
                .expectComplete()
                .verify(TIMEOUT);
        store().close().as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }
}
