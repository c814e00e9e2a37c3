package io.github.beatbrackerz.eventstore.model;

import java.util.List;

/**
 * One batch of a batched replay.
 *
 * @param batchNumber the batch's number, starting at 1
 * @param events the events, in query order; never empty
 */
public record EventBatch(long batchNumber, List<RecordedEvent> events) {

    /**
     * Copies the list.
     *
     * @param batchNumber the batch's number, starting at 1
     * @param events the events, in query order; never empty
     */
    public EventBatch {
        events = List.copyOf(events);
    }
}
