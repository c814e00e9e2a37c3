package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Fill tickets: a fill whose ticket was opened before an eviction of its stream or a clear writes
 * nothing after it, while appends, other fills and other streams' evictions leave an open ticket
 * valid; a by-id write of an id evicted by {@code evictEvents} writes nothing until the next clear. For a cache
 * that does not fence ({@link EventCacheFixture#fencesFills()} false), tickets
 * are {@link FillTicket#UNFENCED} and ticketed writes behave as the ticketless ones.
 */
public interface CacheFencingConformance extends EventCacheConformanceSupport {

    private FillTicket open(StreamId stream) {
        FillTicket ticket = Objects.requireNonNull(await(cache().openFill(stream)), "openFill completed empty");
        assertThat(ticket.fenced()).as("ticket of a cache that %s", cacheFixture().fencesFills() ? "fences" : "does not fence")
                .isEqualTo(cacheFixture().fencesFills());
        return ticket;
    }

    private void writeWith(StreamId stream, FillTicket ticket, long length) {
        await(Mono.when(cache().putAggregateEvents(stream, events(stream, 1, length), ticket),
                cache().putLatestSnapshot(snapshot(stream, length), ticket), cache().putStats(stats(stream, length), ticket)));
    }

    /** Checks that a stale fill of {@code length} events wrote nothing, or everything when the cache does not fence. */
    private void assertStaleFillOutcome(StreamId stream, long length) {
        if (cacheFixture().fencesFills()) {
            cache().getAggregateEvents(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
            cache().getLatestSnapshot(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
            cache().getStats(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        } else {
            assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, length));
            assertThat(await(cache().getLatestSnapshot(stream)).sequenceNumber()).isEqualTo(length);
            assertThat(await(cache().getStats(stream))).isEqualTo(stats(stream, length));
        }
    }

    @Test
    default void aByIdWriteAfterAnEvictionOfThoseIdsWritesNothingUntilAClear() {
        StreamId stream = stream("o-1");
        List<RecordedEvent> removed = events(stream, 1, 2);
        RecordedEvent kept = event(stream, 3);
        await(cache().putEvents(removed));

        await(cache().evictEvents(removed.stream().map(RecordedEvent::id).toList()));
        // a read or an append that fetched the events before they were removed from storage
        await(cache().putEvents(List.of(removed.get(0), removed.get(1), kept)));

        assertThat(await(cache().getEvent(kept.id()))).as("an id not evicted").isEqualTo(kept);
        for (RecordedEvent event : removed) {
            if (cacheFixture().fencesFills()) {
                cache().getEvent(event.id()).as(StepVerifier::create).expectComplete().verify(WAIT);
            } else {
                assertThat(await(cache().getEvent(event.id()))).isEqualTo(event);
            }
        }
        await(cache().clear());
        await(cache().putEvents(removed));
        assertThat(await(cache().getEvent(removed.get(0).id()))).as("after a clear").isEqualTo(removed.get(0));
    }

    @Test
    default void aReadToFillReturnsTheCachedPrefixAndATicket() {
        StreamId stream = stream("o-1");
        await(cache().putAggregateEvents(stream, events(stream, 1, 3)));
        cache().getAggregateEventsToFill(stream).as(StepVerifier::create).assertNext(read -> {
            assertThat(read.events()).isEqualTo(events(stream, 1, 3));
            assertThat(read.ticket().fenced()).isEqualTo(cacheFixture().fencesFills());
        }).expectComplete().verify(WAIT);
    }

    @Test
    default void aReadToFillWithTheCounterReturnsThePrefixTheTicketAndTheCounter() {
        StreamId stream = stream("o-1");
        cache().getAggregateEventsAndSequenceToFill(stream).as(StepVerifier::create).assertNext(read -> {
            assertThat(read.prefix().events()).isEmpty();
            assertThat(read.sequence()).isZero();
        }).expectComplete().verify(WAIT);
        await(cache().putAggregateEvents(stream, events(stream, 1, 3)));
        await(cache().putSequence(stream, 5));
        cache().getAggregateEventsAndSequenceToFill(stream).as(StepVerifier::create).assertNext(read -> {
            assertThat(read.prefix().events()).isEqualTo(events(stream, 1, 3));
            assertThat(read.prefix().ticket().fenced()).isEqualTo(cacheFixture().fencesFills());
            assertThat(read.sequence()).isEqualTo(5);
        }).expectComplete().verify(WAIT);
    }

    @Test
    default void aFillWhoseTicketCameWithTheCounterWritesNothingAfterAnEviction() {
        StreamId stream = stream("o-1");
        await(cache().putAggregateEvents(stream, events(stream, 1, 2)));
        FillTicket ticket = Objects.requireNonNull(await(cache().getAggregateEventsAndSequenceToFill(stream))).prefix().ticket();

        await(cache().evictAggregate(stream));
        writeWith(stream, ticket, 4);

        assertStaleFillOutcome(stream, 4);
    }

    @Test
    default void aFillOpenedBeforeAnEvictionWritesNothingAfterIt() {
        StreamId stream = stream("o-1");
        await(cache().putAggregateEvents(stream, events(stream, 1, 2)));
        CachedPrefix read = Objects.requireNonNull(await(cache().getAggregateEventsToFill(stream)));
        assertThat(read.events()).hasSize(2);
        FillTicket opened = open(stream);

        await(cache().evictAggregate(stream));
        // the fill read 1..2 before the eviction and 3..4 from storage: it must not bring back what was evicted
        writeWith(stream, read.ticket(), 4);
        await(cache().putLatestSnapshot(snapshot(stream, 4), opened));

        assertStaleFillOutcome(stream, 4);
    }

    @Test
    default void aFillOpenedBeforeAClearWritesNothingAfterIt() {
        StreamId cachedStream = stream("o-cached");
        StreamId neverCached = stream("o-never-cached");
        await(cache().putAggregateEvents(cachedStream, events(cachedStream, 1, 1)));
        FillTicket cachedTicket = Objects.requireNonNull(await(cache().getAggregateEventsToFill(cachedStream))).ticket();
        FillTicket neverCachedTicket = open(neverCached);

        await(cache().clear());
        writeWith(cachedStream, cachedTicket, 3);
        writeWith(neverCached, neverCachedTicket, 2);

        assertStaleFillOutcome(cachedStream, 3);
        assertStaleFillOutcome(neverCached, 2);
    }

    @Test
    default void aWarmUpBatchOpenedBeforeAClearOrEvictionWritesNothingAfterIt() {
        StreamId cleared = stream("o-cleared");
        StreamId evicted = stream("o-evicted");
        FillTicket beforeClear = open(cleared);
        await(cache().clear());
        FillTicket beforeEviction = open(evicted);
        await(cache().evictAggregate(evicted));

        await(cache().putFills(List.of(new CacheFill(cleared, events(cleared, 1, 3), snapshot(cleared, 3), 3, beforeClear),
                new CacheFill(evicted, events(evicted, 1, 2), snapshot(evicted, 2), 2, beforeEviction))));

        for (StreamId stream : List.of(cleared, evicted)) {
            long length = stream.equals(cleared) ? 3 : 2;
            if (cacheFixture().fencesFills()) {
                cache().getAggregateEvents(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
                cache().getLatestSnapshot(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
                cache().getSequence(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
            } else {
                assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, length));
                assertThat(await(cache().getSequence(stream))).isEqualTo(length);
            }
        }
    }

    @Test
    default void aWarmUpBatchWithCurrentTicketsWritesEveryPart() {
        StreamId stream = stream("o-1");
        FillTicket ticket = open(stream);
        await(cache().putFills(List.of(new CacheFill(stream, events(stream, 1, 3), snapshot(stream, 3), 3, ticket))));
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 3));
        assertThat(await(cache().getLatestSnapshot(stream)).sequenceNumber()).isEqualTo(3L);
        assertThat(await(cache().getSequence(stream))).isEqualTo(3L);
    }

    @Test
    default void aTicketedCounterWriteOpenedBeforeAnEvictionWritesNothingAfterIt() {
        StreamId stream = stream("o-1");
        FillTicket ticket = open(stream);
        await(cache().evictAggregate(stream));
        await(cache().putSequence(stream, 5, ticket));
        if (cacheFixture().fencesFills()) {
            cache().getSequence(stream).as(StepVerifier::create).expectComplete().verify(WAIT);
        } else {
            assertThat(await(cache().getSequence(stream))).isEqualTo(5L);
        }
    }

    @Test
    default void anEvictionOfAnotherStreamLeavesAnOpenFillValid() {
        StreamId filled = stream("o-filled");
        StreamId evicted = stream("o-evicted");
        FillTicket ticket = open(filled);
        await(cache().putAggregateEvents(evicted, events(evicted, 1, 2)));
        await(cache().evictAggregate(evicted));
        writeWith(filled, ticket, 3);
        assertThat(cached(cache(), filled)).isEqualTo(events(filled, 1, 3));
        assertThat(await(cache().getStats(filled))).isEqualTo(stats(filled, 3));
    }

    @Test
    default void aFillOpenedAfterAnEvictionWrites() {
        StreamId stream = stream("o-1");
        FillTicket before = open(stream);
        await(cache().evictAggregate(stream));
        CachedPrefix after = Objects.requireNonNull(await(cache().getAggregateEventsToFill(stream)));
        assertThat(after.events()).isEmpty();
        if (cacheFixture().fencesFills()) {
            assertThat(after.ticket()).as("a ticket opened after the eviction").isNotEqualTo(before);
        }
        writeWith(stream, after.ticket(), 4);
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 4));
        assertThat(await(cache().getLatestSnapshot(stream)).sequenceNumber()).isEqualTo(4L);
        assertThat(await(cache().getStats(stream))).isEqualTo(stats(stream, 4));
    }

    @Test
    default void appendsAndOtherFillsLeaveAnOpenFillValid() {
        StreamId stream = stream("o-1");
        FillTicket first = open(stream);
        FillTicket second = Objects.requireNonNull(await(cache().getAggregateEventsToFill(stream))).ticket();
        await(cache().appendAggregateEvents(stream, events(stream, 1, 2)));
        await(cache().putAggregateEvents(stream, events(stream, 1, 3), first));
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 3));
        await(cache().putAggregateEvents(stream, events(stream, 1, 4), second));
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 4));
    }

    @Test
    default void ticketedWritesKeepTheMonotonicRules() {
        StreamId stream = stream("o-1");
        Snapshot newer = snapshot(stream, 6);
        FillTicket ticket = open(stream);
        await(Mono.when(cache().putAggregateEvents(stream, events(stream, 1, 6), ticket), cache().putLatestSnapshot(newer, ticket)));
        await(Mono.when(cache().putAggregateEvents(stream, events(stream, 1, 3), ticket), cache().putLatestSnapshot(snapshot(stream, 2), ticket),
                cache().putAggregateEvents(stream, eventsNumbered(stream, 1, 2, 3, 4, 5, 6, 8), ticket)));
        assertThat(cached(cache(), stream)).isEqualTo(events(stream, 1, 6));
        assertThat(await(cache().getLatestSnapshot(stream))).isEqualTo(newer);

        StreamId gapped = stream("o-gapped");
        await(cache().putAggregateEvents(gapped, List.of(event(gapped, 2)), open(gapped)));
        assertThat(cached(cache(), gapped)).isEmpty();
    }
}
