package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The reactive properties: nothing happens before subscription, a backing store that fails makes
 * every call signal an error (never throw, never hang), and a healthy cache completes every call,
 * odd inputs included.
 */
public interface CacheReactiveConformance extends EventCacheConformanceSupport {

    /** @return every method of the port, named, on inputs that make each one do real work */
    private Map<String, Function<EventCache, Mono<?>>> everyCall() {
        StreamId stream = stream("o-calls");
        List<RecordedEvent> events = events(stream, 1, 2);
        FillTicket unfenced = FillTicket.UNFENCED;
        Map<String, Function<EventCache, Mono<?>>> calls = new LinkedHashMap<>();
        calls.put("getAggregateEvents", c -> c.getAggregateEvents(stream));
        calls.put("getAggregateEventsToFill", c -> c.getAggregateEventsToFill(stream));
        calls.put("getAggregateEventsAndSequenceToFill", c -> c.getAggregateEventsAndSequenceToFill(stream));
        calls.put("openFill", c -> c.openFill(stream));
        calls.put("putAggregateEvents", c -> c.putAggregateEvents(stream, events));
        calls.put("putAggregateEvents(ticket)", c -> c.putAggregateEvents(stream, events, unfenced));
        calls.put("appendAggregateEvents", c -> c.appendAggregateEvents(stream, events(stream, 3, 3)));
        calls.put("getEvent", c -> c.getEvent(events.get(0).id()));
        calls.put("putEvents", c -> c.putEvents(events));
        calls.put("getLatestSnapshot", c -> c.getLatestSnapshot(stream));
        calls.put("putLatestSnapshot", c -> c.putLatestSnapshot(snapshot(stream, 2)));
        calls.put("putLatestSnapshot(ticket)", c -> c.putLatestSnapshot(snapshot(stream, 2), unfenced));
        calls.put("getSequence", c -> c.getSequence(stream));
        calls.put("putSequence", c -> c.putSequence(stream, 2));
        calls.put("getStats", c -> c.getStats(stream));
        calls.put("putStats", c -> c.putStats(stats(stream, 2)));
        calls.put("putStats(ticket)", c -> c.putStats(stats(stream, 2), unfenced));
        calls.put("putFills", c -> c.putFills(List.of(new CacheFill(stream, events, snapshot(stream, 2), 2))));
        calls.put("evictAggregate", c -> c.evictAggregate(stream));
        calls.put("clear", EventCache::clear);
        calls.put("stats", EventCache::stats);
        return calls;
    }

    @Test
    default void nothingHappensBeforeSubscription() {
        StreamId stream = stream("o-lazy");
        List<RecordedEvent> events = events(stream, 1, 3);
        FillTicket ticket = await(cache().openFill(stream));
        cache().putAggregateEvents(stream, events);
        cache().putAggregateEvents(stream, events, ticket);
        cache().appendAggregateEvents(stream, events);
        cache().putEvents(events);
        cache().putLatestSnapshot(snapshot(stream, 3));
        cache().putSequence(stream, 3);
        cache().putStats(stats(stream, 3));
        cache().putFills(List.of(new CacheFill(stream, events, snapshot(stream, 3), 3)));
        assertThat(cached(cache(), stream)).as("events after unsubscribed writes").isEmpty();
        cache().getEvent(events.get(0).id()).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache().getLatestSnapshot(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache().getSequence(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        cache().getStats(stream).as(StepVerifier::create).expectComplete().verify(WAIT);

        await(Mono.when(cache().putAggregateEvents(stream, events), cache().putSequence(stream, 3)));
        cache().evictAggregate(stream);
        cache().clear();
        assertThat(cached(cache(), stream)).as("events after an unsubscribed eviction and clear").isEqualTo(events);
        assertThat(await(cache().getSequence(stream))).isEqualTo(3L);
    }

    @Test
    default void aFailingBackingStoreMakesEveryCallSignalAnError() {
        Optional<EventCache> unreachable = unreachableCache();
        // a cache with nothing that can fail must complete the same calls instead
        EventCache cache = unreachable.orElseGet(this::cache);
        everyCall().forEach((name, call) -> {
            List<Mono<?>> assembled = new ArrayList<>();
            assertThatCode(() -> assembled.add(call.apply(cache))).as("%s while assembling", name).doesNotThrowAnyException();
            StepVerifier.Step<?> verifier = StepVerifier.create(assembled.get(0).then()).as(name);
            if (unreachable.isPresent()) {
                verifier.expectError().verify(WAIT);
            } else {
                verifier.expectComplete().verify(WAIT);
            }
        });
    }

    @Test
    default void oddInputsCompleteWithoutError() {
        StreamId stream = stream("o-odd");
        FillTicket foreign = new FillTicket("not-a-ticket-this-cache-issued");
        List<Mono<?>> calls = List.of(cache().putEvents(List.of()), cache().putFills(List.of()),
                cache().putFills(List.of(new CacheFill(stream, List.of(), null, 0))), cache().putSequence(stream, 0),
                cache().putAggregateEvents(stream, List.of(), FillTicket.UNFENCED), cache().appendAggregateEvents(stream, List.of()),
                cache().putAggregateEvents(stream, events(stream, 1, 2), foreign), cache().putLatestSnapshot(snapshot(stream, 1), foreign),
                cache().evictAggregate(stream("never-cached")), cache().getEvent(event(stream, 1).id()));
        for (Mono<?> call : calls) {
            call.then().as(StepVerifier::create).expectComplete().verify(WAIT);
        }
    }
}
