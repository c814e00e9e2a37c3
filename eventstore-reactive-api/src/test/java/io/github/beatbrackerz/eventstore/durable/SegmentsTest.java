package io.github.beatbrackerz.eventstore.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentsTest {

    @Test
    void theHashIsTheFirstFourBytesOfTheMd5OfTypeSlashId() {
        // SELECT ('x' || lpad(substr(md5('order/o-1'), 1, 8), 16, '0'))::bit(64)::bigint  -> 3781266402 (e1618be2)
        assertThat(Segments.hash(StreamId.of("o-1", "order"))).isEqualTo(3_781_266_402L);
        assertThat(Segments.of(StreamId.of("o-1", "order"), 7)).isEqualTo((int) (3_781_266_402L % 7));
    }

    @Test
    void oneSegmentTakesEverythingAndManySegmentsShareTheStreams() {
        assertThat(Segments.of(StreamId.of("x", "y"), 1)).isZero();
        Map<Integer, Integer> perSegment = new HashMap<>();
        for (int i = 0; i < 8_000; i++) {
            perSegment.merge(Segments.of(StreamId.of("id-" + i, "order"), 8), 1, Integer::sum);
        }
        assertThat(perSegment).hasSize(8).allSatisfy((segment, count) -> assertThat(count).isBetween(800, 1200));
    }
}
