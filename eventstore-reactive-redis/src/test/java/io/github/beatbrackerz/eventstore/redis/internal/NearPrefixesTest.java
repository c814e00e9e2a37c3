package io.github.beatbrackerz.eventstore.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class NearPrefixesTest {

    private static List<RecordedEvent> events(StreamId stream, int count) {
        return LongStream.rangeClosed(1, count).mapToObj(seq -> new RecordedEvent(UUID.randomUUID(), "T", stream, seq, 1,
                Json.trusted("{}"), Json.trusted("{}"), Instant.EPOCH, "u", Position.of(1, seq))).toList();
    }

    /** Every test event has the same estimate. */
    private static final long EVENT = NearPrefixes.estimate(events(StreamId.of("x", "t"), 1).get(0));

    @Test
    void estimatesTwoBytesPerCharacterOfTheStringsPlusTheObjects() {
        assertThat(EVENT).isEqualTo(2 * (2 + 2 + 1 + 1) + 200);
    }

    @Test
    void holdsAtMostTheBoundDroppingTheStreamsReadLeastRecently() {
        NearPrefixes near = new NearPrefixes(10 * EVENT);
        StreamId a = StreamId.of("a", "t");
        StreamId b = StreamId.of("b", "t");
        StreamId c = StreamId.of("c", "t");
        near.put(a, "g", events(a, 4), "ea");
        near.put(b, "g", events(b, 4), "eb");
        assertThat(near.get(a)).isNotNull();
        near.put(c, "g", events(c, 4), "ec");

        assertThat(near.get(b)).as("read least recently").isNull();
        assertThat(near.get(a)).isNotNull();
        assertThat(near.get(c)).isNotNull();
        assertThat(near.held()).isEqualTo(8 * EVENT);

        near.put(a, "g", events(a, 6), "ea6");
        assertThat(near.held()).as("a replaced, within the bound").isEqualTo(10 * EVENT);
        near.put(a, "g", events(a, 7), "ea7");
        assertThat(near.held()).as("a replaced, c dropped").isEqualTo(7 * EVENT);
        assertThat(near.get(c)).isNull();
        assertThat(near.get(a).lastEnvelope()).isEqualTo("ea7");
    }

    @Test
    void anExtensionAddsTheNewEventsEstimateToWhatWasHeld() {
        StreamId a = StreamId.of("a", "t");
        NearPrefixes near = new NearPrefixes(100 * EVENT);
        List<RecordedEvent> first = events(a, 3);
        near.put(a, "g", first, "e3");
        List<RecordedEvent> extended = new ArrayList<>(first);
        RecordedEvent big = new RecordedEvent(UUID.randomUUID(), "T", a, 4, 1, Json.trusted("{\"k\":\"" + "v".repeat(100) + "\"}"),
                Json.trusted("{}"), Instant.EPOCH, "u", Position.of(1, 4));
        extended.add(big);
        near.put(a, "g", List.copyOf(extended), "e4");
        assertThat(near.held()).isEqualTo(3 * EVENT + NearPrefixes.estimate(big));
        assertThat(near.get(a).bytes()).isEqualTo(near.held());
    }

    @Test
    void keepsNoPrefixLargerThanTheBoundAndNothingWhenTheBoundIsZero() {
        StreamId a = StreamId.of("a", "t");
        NearPrefixes near = new NearPrefixes(3 * EVENT);
        near.put(a, "g", events(a, 2), "e2");
        near.put(a, "g", events(a, 4), "e4");
        assertThat(near.get(a)).isNull();
        assertThat(near.held()).isZero();

        NearPrefixes none = new NearPrefixes(0);
        assertThat(none.enabled()).isFalse();
        none.put(a, "g", events(a, 1), "e1");
        assertThat(none.get(a)).isNull();
    }

    @Test
    void removeAndClearReleaseWhatWasHeld() {
        StreamId a = StreamId.of("a", "t");
        StreamId b = StreamId.of("b", "t");
        NearPrefixes near = new NearPrefixes(100 * EVENT);
        near.put(a, "g", events(a, 5), "e");
        near.put(b, "g", events(b, 7), "e");
        near.remove(a);
        assertThat(near.held()).isEqualTo(7 * EVENT);
        near.clear();
        assertThat(near.held()).isZero();
        assertThat(near.get(b)).isNull();
    }
}
