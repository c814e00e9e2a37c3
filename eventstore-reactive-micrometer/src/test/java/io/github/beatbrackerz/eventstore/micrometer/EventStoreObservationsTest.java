package io.github.beatbrackerz.eventstore.micrometer;

import static io.github.beatbrackerz.eventstore.tck.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.error.DuplicateEventException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventCache;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.tck.ForwardingEventCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

class EventStoreObservationsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    private final ObservationRegistry observations = registry(meters, stopped);
    private EventStore store = EventStoreObservations.observe(InMemoryEventStore.builder()
            .cache(EventStoreObservations.observe(new InMemoryEventCache(), observations)).build(), observations, meters);

    @AfterEach
    void close() {
        store.close().as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    @Test
    void appendsAreTimedByOutcomeAndTheirEventsCounted() {
        store.appendEvents(List.of(orderCreated("order-1"), orderCreated("order-1"))).as(StepVerifier::create).expectNextCount(2).expectComplete().verify(WAIT);
        store.appendEvent(orderCreated("order-1"), ExpectedVersion.exactly(1)).as(StepVerifier::create)
                .expectError(ConcurrencyConflictException.class).verify(WAIT);
        UUID id = UUID.randomUUID();
        store.appendEvent(orderCreated("order-2").withEventId(id)).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        NewEvent sameIdOtherStream = orderCreated("order-3").withEventId(id);
        store.appendEvent(sameIdOtherStream).as(StepVerifier::create).expectError(DuplicateEventException.class).verify(WAIT);

        assertThat(count("eventstore.append", "appendEvents", "success")).isEqualTo(1);
        assertThat(count("eventstore.append", "appendEvent", "success")).isEqualTo(1);
        assertThat(count("eventstore.append", "appendEvent", "conflict")).isEqualTo(1);
        assertThat(count("eventstore.append", "appendEvent", "duplicate")).isEqualTo(1);
        assertThat(meters.get("eventstore.append").tags("outcome", "conflict").timer().getId().getTag("error"))
                .isEqualTo("ConcurrencyConflictException");
        assertThat(meters.get("eventstore.append.events").counter().count()).isEqualTo(3);
    }

    @Test
    void readsAndReplaysAreTimedAndTheCacheCountsHitsAndMisses() {
        store.appendEvent(orderCreated("order-1")).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        store.getAggregateEvents("order-1", "order").as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        store.getAggregateEvents("order-1", "order").as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        Projection<Long> counting = Projection.of(Long.class, 0L, (state, event) -> state + 1);
        store.replayEvents("order-1", "order", counting).as(StepVerifier::create).expectNext(1L).expectComplete().verify(WAIT);

        assertThat(count("eventstore.read", "getAggregateEvents", "success")).isEqualTo(2);
        assertThat(count("eventstore.replay", "replayEvents", "success")).isEqualTo(1);
        // the append extended the cached stream, so both reads are served by the cache
        assertThat(count("eventstore.cache", "getAggregateEventsToFill", "hit")).isEqualTo(2);
        assertThat(count("eventstore.cache", "getAggregateEventsToFill", "miss")).isZero();
        assertThat(count("eventstore.cache", "appendAggregateEvents", "success")).isEqualTo(1);

        store.getEvent(UUID.randomUUID()).as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(count("eventstore.read", "getEvent", "success")).isEqualTo(1);
        assertThat(count("eventstore.cache", "getEvent", "miss")).isEqualTo(1);
    }

    @Test
    void deletesTruncationsAndArchivesAreTimedAndTheirEvictionsObserved() {
        store.appendEvents(List.of(orderCreated("order-1"), orderCreated("order-1"))).as(StepVerifier::create).expectNextCount(2).expectComplete().verify(WAIT);
        store.createSnapshot(NewSnapshot.of("order-1", "order", 1, Map.of("n", 1))).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        store.truncateStreamBefore("order-1", "order", 2).as(StepVerifier::create)
                .assertNext(truncation -> assertThat(truncation.eventsRemoved()).isEqualTo(1)).expectComplete().verify(WAIT);
        store.truncateStreamBefore("order-1", "order", 9).as(StepVerifier::create).expectError(ValidationException.class).verify(WAIT);
        store.deleteStream("order-1", "order").as(StepVerifier::create)
                .assertNext(deletion -> assertThat(deletion.eventsRemoved()).isEqualTo(1)).expectComplete().verify(WAIT);

        assertThat(count("eventstore.lifecycle", "truncateStreamBefore", "success")).isEqualTo(1);
        assertThat(count("eventstore.lifecycle", "truncateStreamBefore", "error")).isEqualTo(1);
        store.appendEvent(orderCreated("order-2")).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        store.archiveStream("order-2", "order").as(StepVerifier::create)
                .assertNext(archival -> assertThat(archival.eventsArchived()).isEqualTo(1)).expectComplete().verify(WAIT);
        store.readArchivedEvents("order-2", "order").as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);

        assertThat(count("eventstore.lifecycle", "deleteStream", "success")).isEqualTo(1);
        assertThat(count("eventstore.lifecycle", "archiveStream", "success")).isEqualTo(1);
        assertThat(count("eventstore.read", "readArchivedEvents", "success")).isEqualTo(1);
        assertThat(count("eventstore.cache", "evictEvents", "success")).isEqualTo(3);
        assertThat(count("eventstore.cache", "evictAggregate", "success")).isEqualTo(3);
    }

    @Test
    void theStreamIdAndStringFormsAreObservedUnderOneNameAndTheCacheBoundPassesThrough() {
        store.appendEvent(orderCreated("order-1")).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        store.getAggregateEvents(StreamId.of("order-1", "order")).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        store.getAggregateEvents("order-1", "order").as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        store.getEventsByType("OrderCreated", 5).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);

        assertThat(count("eventstore.read", "getAggregateEvents", "success")).isEqualTo(2);
        assertThat(count("eventstore.read", "getEventsByType", "success")).isEqualTo(1);
        assertThat(count("eventstore.read", "queryEvents", "success")).isZero();
        EventCache bounded = new ForwardingEventCache(new InMemoryEventCache()) {
            @Override
            public int maxCachedStreamLength() {
                return 7;
            }
        };
        assertThat(EventStoreObservations.observe(bounded, observations).maxCachedStreamLength()).isEqualTo(7);
    }

    @Test
    void aCacheCallCutOffByTheStoresBudgetIsATimeout() {
        store.close().as(StepVerifier::create).expectComplete().verify(WAIT);
        EventCache silent = new ForwardingEventCache(new InMemoryEventCache()) {
            @Override
            public Mono<RecordedEvent> getEvent(UUID eventId) {
                return Mono.never();
            }
        };
        store = InMemoryEventStore.builder().cache(EventStoreObservations.observe(silent, observations))
                // no back-off: a slow first write on a cold JVM must not keep the read below from the cache
                .options(EventStoreOptions.builder().cacheTimeout(Duration.ofMillis(20)).cacheBackoffAfterTimeout(Duration.ZERO).build()).build();
        RecordedEvent stored = store.appendEvent(orderCreated("order-1")).block(WAIT);

        store.getEvent(Objects.requireNonNull(stored).id()).as(StepVerifier::create).expectNext(stored).expectComplete().verify(WAIT);

        assertThat(count("eventstore.cache", "getEvent", "timeout")).isEqualTo(1);
    }

    @Test
    void theParentInTheReactorContextIsTheParentAndTheStoresObservationTheCaches() {
        store.appendEvent(orderCreated("order-1")).as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        stopped.clear();
        Observation request = Observation.start("http.server.requests", observations);

        store.getAggregateEvents("order-1", "order").contextWrite(Context.of(Observed.CONTEXT_KEY, request))
                .as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);
        request.stop();

        Observation.Context read = only("eventstore.read");
        assertThat(read.getParentObservation()).isSameAs(request);
        assertThat(read.getContextualName()).isEqualTo("eventstore.read getAggregateEvents");
        assertThat(stopped).filteredOn(context -> context.getName().equals("eventstore.cache"))
                .isNotEmpty()
                .allSatisfy(cache -> assertThat(Objects.requireNonNull(cache.getParentObservation()).getContextView())
                        .isSameAs(read));
        assertThat(stopped).flatMap(context -> context.getLowCardinalityKeyValues().stream().map(kv -> kv.getKey()).toList())
                .containsOnly("operation", "outcome");
    }

    @Test
    void liveDeliveriesAreTimed() {
        store.subscribeToSignals(EventFilter.all())
                .doOnNext(signal -> {
                    if (signal instanceof SubscriptionSignal.Ready) {
                        store.appendEvent(orderCreated("order-1")).subscribe();
                    }
                })
                .ofType(RecordedEvent.class).next()
                .as(StepVerifier::create).expectNextCount(1).expectComplete().verify(WAIT);

        assertThat(meters.get("eventstore.subscriptions.delay").timer().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aNoOpRegistryCostsNothing() {
        EventStore plain = InMemoryEventStore.create();
        EventCache cache = new InMemoryEventCache();

        assertThat(EventStoreObservations.observe(plain, ObservationRegistry.NOOP, meters)).isSameAs(plain);
        assertThat(EventStoreObservations.observe(cache, ObservationRegistry.NOOP)).isSameAs(cache);
        plain.close().as(StepVerifier::create).expectComplete().verify(WAIT);
    }

    private long count(String name, String operation, String outcome) {
        Timer timer = meters.find(name).tags("operation", operation, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private Observation.Context only(String name) {
        List<Observation.Context> named = stopped.stream().filter(context -> context.getName().equals(name)).toList();
        assertThat(named).hasSize(1);
        return named.get(0);
    }

    private static NewEvent orderCreated(String aggregateId) {
        return event(StreamId.of(aggregateId, "order"), "OrderCreated");
    }

    static ObservationRegistry registry(MeterRegistry meters, List<Observation.Context> stopped) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        return registry;
    }
}
