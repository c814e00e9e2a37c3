package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.UpcastFailedException;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventBatch;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.upcast.Upcaster;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Schema evolution: reads, replays and snapshots through upcasters. Most tests read the store
 * under test through {@link #upcasting()}, a view over the same storage and cache, so that they
 * can also read the stored form beside it.
 */
public interface UpcastingConformance extends UpcastingSupport {

    private List<RecordedEvent> threeVersions() {
        return append(placed("o-1", 1, 10), placed("o-1", 2, 20), placed("o-1", 3, 30));
    }

    @Test
    default void aggregateReadsUpcastEveryStoredVersionToTheCurrentOne() {
        List<RecordedEvent> stored = threeVersions();
        // the second read may be served by the cache the first one filled
        UpcastingSupport.assertUpcast(collect(upcasting().getAggregateEvents("o-1", ORDER)), stored, 10, 20, 30);
        UpcastingSupport.assertUpcast(collect(upcasting().getAggregateEvents("o-1", ORDER)), stored, 10, 20, 30);
    }

    @Test
    default void appendsReturnAndStorageAndCacheKeepTheStoredForm() {
        List<RecordedEvent> stored = threeVersions();
        assertThat(stored).extracting(RecordedEvent::version).containsExactly(1, 2, 3);
        collect(upcasting().getAggregateEvents("o-1", ORDER));
        upcasting().getEvent(stored.get(0).id()).block(TIMEOUT);
        // read without upcasters after the upcasting reads filled the cache: still the stored form
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).containsExactlyElementsOf(stored);
        assertThat(store().getEvent(stored.get(0).id()).block(TIMEOUT)).isEqualTo(stored.get(0));
    }

    @Test
    default void queriesAndLookupsUpcast() {
        List<RecordedEvent> stored = threeVersions();
        UpcastingSupport.assertUpcast(collect(upcasting().queryEvents(EventQuery.builder().type(PLACED).build())), stored, 10, 20, 30);
        UpcastingSupport.assertUpcast(collect(upcasting().getEventsByType(PLACED, 1)), stored.subList(2, 3), 30);
        UpcastingSupport.assertUpcast(List.of(Objects.requireNonNull(upcasting().getEvent(stored.get(0).id()).block(TIMEOUT))),
                stored.subList(0, 1), 10);
        AggregateStats stats = Objects.requireNonNull(upcasting().getAggregateStats("o-1", ORDER).block(TIMEOUT));
        UpcastingSupport.assertUpcast(List.of(Objects.requireNonNull(stats.firstEvent()), Objects.requireNonNull(stats.lastEvent())),
                List.of(stored.get(0), stored.get(2)), 10, 30);
    }

    @Test
    default void eventsNoUpcasterAppliesToAreReadAsStored() {
        // another type, the current version, and a version after it (a newer writer's)
        NewEvent newer = NewEvent.builder().type(PLACED).aggregateId("o-1").aggregateType(ORDER).createdBy("tck")
                .payloadJson("{\"amount\":1}").version(9).build();
        List<RecordedEvent> stored = append(event("o-1", "Cancelled", 5), placed("o-1", 3, 7), newer);
        assertThat(collect(upcasting().getAggregateEvents("o-1", ORDER))).containsExactlyElementsOf(stored);
    }

    @Test
    default void replaysAndBatchesFoldUpcastEvents() {
        threeVersions();
        upcasting().replayEvents("o-1", ORDER, totals()).as(StepVerifier::create).expectNext(new Tally(60, 3)).expectComplete().verify(TIMEOUT);
        upcasting().getStateAtSequence("o-1", ORDER, totals(), 2).as(StepVerifier::create)
                .expectNext(new Tally(30, 2)).expectComplete().verify(TIMEOUT);
        List<EventBatch> batches = upcasting().replayBatches(EventQuery.forStream(StreamId.of("o-1", ORDER)), 2).collectList().block(TIMEOUT);
        assertThat(batches).flatExtracting(EventBatch::events).extracting(RecordedEvent::version).containsExactly(CURRENT, CURRENT, CURRENT);
        upcasting().replayEventStream(EventQuery.forStream(StreamId.of("o-1", ORDER)),
                        (events, number) -> Flux.fromIterable(events).doOnNext(e -> assertThat(e.payload().node().has("total")).isTrue()).then(), 2)
                .as(StepVerifier::create).expectNext(3L).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void rebuildsSnapshotTheUpcastFoldUnderTheProjectionsSnapshotVersion() {
        threeVersions();
        upcasting().rebuildWithSnapshots("o-1", ORDER, totals(), 2).as(StepVerifier::create)
                .expectNext(new Tally(60, 3)).expectComplete().verify(TIMEOUT);
        Snapshot latest = Objects.requireNonNull(store().getLatestSnapshot("o-1", ORDER).block(TIMEOUT));
        assertThat(latest.version()).isEqualTo(CURRENT);
        assertThat(latest.sequenceNumber()).isEqualTo(2);
        assertThat(latest.stateAs(Tally.class)).isEqualTo(new Tally(30, 2));
    }

    @Test
    default void aSnapshotOfAnotherSnapshotVersionIsIgnoredAndTheStateRebuiltFromUpcastEvents() {
        threeVersions();
        // a snapshot an older projection (snapshot version 1) took: its state means something else now
        store().createSnapshot(new NewSnapshot(StreamId.of("o-1", ORDER), 2, Json.from(new Tally(1000, 2)), 1)).block(TIMEOUT);
        upcasting().replayEvents("o-1", ORDER, totals()).as(StepVerifier::create).expectNext(new Tally(60, 3)).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void aFailingUpcasterFailsTheReadNamingTheEvent() {
        List<RecordedEvent> stored = append(placed("o-1", 1, 1), placed("o-1", 1, 2), placed("o-1", 1, 3));
        EventStore failing = Upcasters.of(Upcaster.of(PLACED, 1, json -> {
            if (json.node().get("amount").asLong() == 2) {
                throw new IllegalStateException("cannot read this one");
            }
            return json;
        })).applyTo(store());
        RecordedEvent second = stored.get(1);
        failing.getAggregateEvents("o-1", ORDER).as(StepVerifier::create)
                .assertNext(first -> assertThat(first.version()).isEqualTo(2))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(UpcastFailedException.class).hasCauseInstanceOf(IllegalStateException.class)
                            .hasMessageContaining(second.id().toString()).hasMessageContaining(PLACED);
                    UpcastFailedException failed = (UpcastFailedException) error;
                    assertThat(failed.eventId()).isEqualTo(second.id());
                    assertThat(failed.eventType()).isEqualTo(PLACED);
                    assertThat(failed.storedVersion()).isEqualTo(1);
                    assertThat(failed.fromVersion()).isEqualTo(1);
                    assertThat(failed.isRetryable()).isFalse();
                })
                .verify(TIMEOUT);
        failing.replayEvents("o-1", ORDER, tally()).as(StepVerifier::create).expectError(UpcastFailedException.class).verify(TIMEOUT);
        // the stored events are untouched
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).containsExactlyElementsOf(stored);
    }

    @Test
    default void aStoreBuiltWithUpcastersUpcasts() {
        EventStore built = storeFixture().newStore(UPCASTERS);
        try {
            List<RecordedEvent> stored = Objects.requireNonNull(built.appendEvents(List.of(placed("o-1", 1, 4), placed("o-1", 2, 5)))
                    .collectList().block(TIMEOUT));
            UpcastingSupport.assertUpcast(collect(built.getAggregateEvents("o-1", ORDER)), stored, 4, 5);
            UpcastingSupport.assertUpcast(collect(built.getAggregateEvents("o-1", ORDER)), stored, 4, 5);
            built.replayEvents("o-1", ORDER, totals()).as(StepVerifier::create).expectNext(new Tally(9, 2)).expectComplete().verify(TIMEOUT);
        } finally {
            built.close().block(TIMEOUT);
        }
    }
}
