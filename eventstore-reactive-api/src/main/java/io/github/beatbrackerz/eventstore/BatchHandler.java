package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;
import org.reactivestreams.Publisher;

/**
 * Processes one batch of a batched replay: the specification's {@code (events, batchNumber) =>
 * Promise}. The next batch is requested only after the returned publisher completes.
 */
@FunctionalInterface
public interface BatchHandler {

    /**
     * Handles one batch.
     *
     * @param events the batch's events, never empty
     * @param batchNumber the batch's number, starting at 1
     * @return completes when the batch is processed; an error stops the replay
     */
    Publisher<Void> handle(List<RecordedEvent> events, long batchNumber);
}
