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
        handledPerStream.forEach((stream, sequences) -> {
            long highest = 0;
            for (long sequence : sequences) {
                assertThat(sequence).as("stream %s handled %s after reaching %s", stream, sequences, highest).isLessThanOrEqualTo(highest + 1);
                highest = Math.max(highest, sequence);
            }
            assertThat(highest).as("stream %s", stream).isEqualTo(perStream);
        });
    }
}
