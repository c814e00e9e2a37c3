package io.github.beatbrackerz.eventstore.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.upcast.Upcaster;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The in-memory builder registers upcasters, and a read through the store parses no payload that
 * no upcaster applies to: the in-memory storage keeps the text it was given, so a payload that is
 * not JSON comes back as it went in, where parsing it would have failed the read.
 */
class InMemoryUpcastingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Upcasters UPCASTERS = Upcasters.of(Upcaster.of("Placed", 1, json -> Json.parse("{\"v\":2}")));

    private static NewEvent event(String type, int version, Json payload) {
        return NewEvent.builder().type(type).aggregateId("o-1").aggregateType("order").createdBy("test").version(version)
                .payload(payload).build();
    }

    private static void readsWithoutParsing(EventStore store) {
        Json unparsable = Json.trusted("{not json");
        List<RecordedEvent> stored = store.appendEvents(List.of(event("Cancelled", 1, unparsable), event("Placed", 2, unparsable),
                event("Placed", 1, Json.parse("{\"v\":1}")))).collectList().block(TIMEOUT);
        for (int read = 0; read < 2; read++) {
            store.getAggregateEvents("o-1", "order").as(StepVerifier::create)
                    .assertNext(event -> assertThat(event.payload().text()).isEqualTo("{not json"))
                    .assertNext(event -> assertThat(event.payload().text()).isEqualTo("{not json"))
                    .assertNext(event -> assertThat(event.version()).isEqualTo(2))
                    .expectComplete().verify(TIMEOUT);
        }
        assertThat(stored).extracting(RecordedEvent::version).containsExactly(1, 2, 1);
        store.close().block(TIMEOUT);
    }

    @Test
    void aStoreWithoutACacheParsesNothingNoUpcasterAppliesTo() {
        readsWithoutParsing(InMemoryEventStore.builder().upcasters(UPCASTERS).build());
    }

    @Test
    void aCachedStoreParsesNothingNoUpcasterAppliesTo() {
        readsWithoutParsing(InMemoryEventStore.builder().upcasters(UPCASTERS).cache(new InMemoryEventCache())
                .options(EventStoreOptions.builder().cacheTimeout(Duration.ofSeconds(5)).build()).build());
    }
}
