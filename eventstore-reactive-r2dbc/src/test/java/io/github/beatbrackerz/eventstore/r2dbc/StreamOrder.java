package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** Assertions on per-stream order under at-least-once delivery. */
final class StreamOrder {

    private StreamOrder() {
    }

    /**
     * Every stream's events were handled in order: whenever sequence number {@code s} was handled,
     * {@code 1 .. s-1} had been handled before (a redelivery after a lost lease repeats a suffix,
     * which keeps this), and every number up to {@code perStream} was handled.
     */
    static void assertInOrderAtLeastOnce(Map<String, List<Long>> handledPerStream, int streams, long perStream) {
        assertThat(handledPerStream).hasSize(streams);
        handledPerStream.forEach((stream, sequences) -> assertInOrder(stream, sequences, perStream));
    }

    /**
     * As {@link #assertInOrderAtLeastOnce(Map, int, long)}, for streams of different lengths.
     *
     * @param handledPerStream the handled sequence numbers per stream, in handling order
     * @param lastPerStream every stream's last sequence number, by the same keys
     */
    static void assertInOrderAtLeastOnce(Map<String, List<Long>> handledPerStream, Map<String, Long> lastPerStream) {
        assertThat(handledPerStream.keySet()).containsExactlyInAnyOrderElementsOf(lastPerStream.keySet());
        handledPerStream.forEach((stream, sequences) -> assertInOrder(stream, sequences, lastPerStream.get(stream)));
    }

    private static void assertInOrder(String stream, List<Long> sequences, long last) {
        long highest = 0;
        for (long sequence : sequences) {
            assertThat(sequence).as("stream %s handled %s after reaching %s", stream, sequences, highest).isLessThanOrEqualTo(highest + 1);
            highest = Math.max(highest, sequence);
        }
        assertThat(highest).as("stream %s", stream).isEqualTo(last);
    }
}
