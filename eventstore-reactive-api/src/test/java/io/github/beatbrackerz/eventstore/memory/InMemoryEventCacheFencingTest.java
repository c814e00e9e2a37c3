package io.github.beatbrackerz.eventstore.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The in-memory cache drops a fill whose ticket predates an eviction or a clear (issue 14, item 2). */
class InMemoryEventCacheFencingTest {

    private final InMemoryEventCache cache = new InMemoryEventCache();
    private final StreamId stream = StreamId.of("o-1", "order");

    @Test
    void aFillOpenedBeforeAnEvictionIsDropped() {
        cache.putAggregateEvents(stream, events(2)).block();
        CachedPrefix read = cache.getAggregateEventsToFill(stream).block();
        assertThat(read.events()).hasSize(2);
        FillTicket snapshotTicket = cache.openFill(stream).block();

        cache.evictAggregate(stream).block();
        cache.putAggregateEvents(stream, events(4), read.ticket()).block();
        cache.putLatestSnapshot(snapshot(4), snapshotTicket).block();

        assertThat(cache.getAggregateEvents(stream).blockOptional()).isEmpty();
        assertThat(cache.getLatestSnapshot(stream).blockOptional()).isEmpty();

        FillTicket fresh = cache.openFill(stream).block();
        assertThat(fresh).isNotEqualTo(read.ticket());
        cache.putAggregateEvents(stream, events(4), fresh).block();
        assertThat(cache.getAggregateEvents(stream).block()).hasSize(4);
    }

    @Test
    void aFillOpenedBeforeAClearIsDroppedAndAnOpenFillSurvivesOtherStreamsEvictions() {
        StreamId other = StreamId.of("o-2", "order");
        FillTicket ticket = cache.openFill(stream).block();
        FillTicket otherTicket = cache.openFill(other).block();
        cache.evictAggregate(stream).block();
        cache.putAggregateEvents(other, events(1), otherTicket).block();
        assertThat(cache.getAggregateEvents(other).block()).hasSize(1);

        FillTicket again = cache.openFill(other).block();
        cache.clear().block();
        cache.putAggregateEvents(other, events(3), again).block();
        cache.putAggregateEvents(stream, events(3), ticket).block();
        assertThat(cache.stats().block().keys()).isZero();
    }

    private List<RecordedEvent> events(long count) {
        return LongStream.rangeClosed(1, count).mapToObj(seq -> new RecordedEvent(UUID.randomUUID(), "Added", stream, seq, 1,
                Json.trusted("{}"), Json.trusted("{}"), Instant.EPOCH, "test", Position.of(1, seq))).toList();
    }

    private Snapshot snapshot(long seq) {
        return new Snapshot(UUID.randomUUID(), stream, seq, Json.trusted("{}"), 1, Instant.EPOCH);
    }
}
