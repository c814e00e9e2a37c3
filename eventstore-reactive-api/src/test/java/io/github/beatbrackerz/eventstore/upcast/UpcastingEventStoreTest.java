package io.github.beatbrackerz.eventstore.upcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventCache;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** What the upcasting view does not upcast it forwards as it is: snapshots, validation, cache administration and closing. */
class UpcastingEventStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final StreamId STREAM = StreamId.of("o-1", "order");

    @Test
    void everythingButReadsIsForwarded() {
        InMemoryEventCache cache = new InMemoryEventCache();
        EventStore store = InMemoryEventStore.builder().cache(cache)
                .options(EventStoreOptions.builder().cacheTimeout(Duration.ofSeconds(5)).build()).build();
        EventStore view = Upcasters.of(Upcaster.of("Placed", 1, json -> Json.parse("{}"))).applyTo(store);
        view.appendEvents(List.of(NewEvent.builder().type("Placed").stream(STREAM).createdBy("test").payload(Map.of("n", 1)).build(),
                NewEvent.builder().type("Placed").stream(STREAM).createdBy("test").payload(Map.of("n", 2)).build())).blockLast(TIMEOUT);

        view.createSnapshot(NewSnapshot.of("o-1", "order", 1, Map.of("n", 1))).as(StepVerifier::create)
                .assertNext(snapshot -> assertThat(snapshot.sequenceNumber()).isEqualTo(1)).expectComplete().verify(TIMEOUT);
        view.getLatestSnapshot(STREAM).as(StepVerifier::create)
                .assertNext(snapshot -> assertThat(snapshot.state()).isEqualTo(Json.parse("{\"n\":1}"))).expectComplete().verify(TIMEOUT);
        view.pruneSnapshots(STREAM, 0).as(StepVerifier::create).expectNext(1L).expectComplete().verify(TIMEOUT);
        view.validateEventStream(STREAM).as(StepVerifier::create)
                .assertNext(result -> assertThat(result.valid()).isTrue()).expectComplete().verify(TIMEOUT);

        view.warmupCache(List.of(STREAM)).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(cache.getAggregateEvents(STREAM).block(TIMEOUT)).as("warmed with the stored form")
                .extracting(event -> event.payload().node().get("n").asInt()).containsExactly(1, 2);
        view.clearAggregateCache(STREAM).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(cache.getAggregateEvents(STREAM).block(TIMEOUT)).isNull();
        view.getCacheStats().as(StepVerifier::create).assertNext(stats -> assertThat(stats.enabled()).isTrue()).expectComplete().verify(TIMEOUT);
        view.clearCache().as(StepVerifier::create).expectComplete().verify(TIMEOUT);

        view.close().as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        store.subscribeToEvents().as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }

    @Test
    void lifecycleOperationsAreForwardedAndArchivedEventsUpcast() {
        EventStore store = InMemoryEventStore.create();
        EventStore view = Upcasters.of(Upcaster.of("Placed", 1, json -> Json.parse("{\"upcast\":true}"))).applyTo(store);
        view.appendEvents(List.of(NewEvent.builder().type("Placed").stream(STREAM).createdBy("test").payload(Map.of("n", 1)).build()))
                .blockLast(TIMEOUT);

        view.archiveStream(STREAM).as(StepVerifier::create)
                .assertNext(archival -> assertThat(archival.archivedEventIds()).hasSize(1)).expectComplete().verify(TIMEOUT);
        view.readArchivedEvents(STREAM).as(StepVerifier::create)
                .assertNext(event -> assertThat(event.payload()).isEqualTo(Json.parse("{\"upcast\":true}"))).expectComplete().verify(TIMEOUT);
        store.readArchivedEvents(STREAM).as(StepVerifier::create)
                .assertNext(event -> assertThat(event.payload()).isEqualTo(Json.parse("{\"n\":1}"))).expectComplete().verify(TIMEOUT);

        view.deleteStream(STREAM).as(StepVerifier::create)
                .assertNext(deletion -> assertThat(deletion.stream()).isEqualTo(STREAM)).expectComplete().verify(TIMEOUT);
        store.readArchivedEvents(STREAM).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
    }
}
