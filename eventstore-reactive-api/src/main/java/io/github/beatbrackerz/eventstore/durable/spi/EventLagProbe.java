package io.github.beatbrackerz.eventstore.durable.spi;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import reactor.core.publisher.Mono;

/**
 * Measures how far a segment's checkpoint trails the committed events, for the status.
 */
public interface EventLagProbe {

    /** The most events counted per segment; a larger lag is reported as "at least" this. */
    int LIMIT = 10_000;

    /**
     * Counts the events that match a filter, belong to a segment and come after a checkpoint.
     *
     * @param filter the subscription's filter
     * @param segment the segment
     * @param segmentCount the subscription's segment count
     * @param checkpoint the segment's checkpoint
     * @return lazy; emits the lag, counting at most {@link #LIMIT} events; empty when it cannot be
     *     measured; storage failures arrive through {@code onError}
     */
    Mono<DurableStatus.Lag> lag(EventFilter filter, int segment, int segmentCount, Position checkpoint);
}
