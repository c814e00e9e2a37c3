package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.model.EventBatch;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.Projection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rebuilds state from events: projections, point-in-time state and batched stream processing.
 * Lazy; events are streamed with backpressure, never loaded all at once.
 *
 * <p>Reactive contract: nothing is read before subscription. Your callbacks (a {@link
 * io.github.beatbrackerz.eventstore.model.Projection}'s methods, a {@link BatchHandler}) run on the
 * thread that delivers the events, the driver's event-loop thread: keep them non-blocking, or move
 * blocking work off inside the handler's publisher. An exception thrown by a callback, and a
 * storage failure, arrive as {@code onError}. Cancelling stops reading and returns the connection;
 * what was already done stays done: snapshots stored by {@link
 * #rebuildWithSnapshots} remain, and batches a handler completed are not undone (a handler's
 * in-flight publisher is cancelled).
 */
public interface EventReplayer {

    /**
     * The current state of an aggregate. Starts from the latest snapshot of the projection's
     * snapshot version when there is one (looking past a few newer snapshots of other versions),
     * then applies the later events, streamed. A snapshot whose state does not convert to
     * {@link Projection#stateType()} is skipped with a WARN log and the replay starts from the
     * first event. An exception thrown by {@link Projection#applyEvent} arrives as {@code onError}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param projection the fold
     * @param <S> the state type
     * @return the state; the initial state when the aggregate has no event
     */
    <S> Mono<S> replayEvents(String aggregateId, String aggregateType, Projection<S> projection);

    /**
     * The state of an aggregate right after a given sequence number.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param projection the fold
     * @param sequenceNumber the last sequence number to apply, 0 or more
     * @param <S> the state type
     * @return the state at that point
     */
    <S> Mono<S> getStateAtSequence(String aggregateId, String aggregateType, Projection<S> projection, long sequenceNumber);

    /**
     * Replays an aggregate from its first event, ignoring existing snapshots, and stores a
     * snapshot every {@code snapshotInterval} events.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param projection the fold
     * @param snapshotInterval events between snapshots, 1 or more
     * @param <S> the state type
     * @return the final state
     */
    <S> Mono<S> rebuildWithSnapshots(String aggregateId, String aggregateType, Projection<S> projection, int snapshotInterval);

    /**
     * Processes the events matching a query in batches, one batch at a time.
     *
     * @param query the events to process
     * @param handler called once per batch; the next batch waits for it
     * @param batchSize events per batch, 1 or more
     * @return the number of events processed; errors with the handler's error, stopping the replay
     */
    Mono<Long> replayEventStream(EventQuery query, BatchHandler handler, int batchSize);

    /**
     * The events matching a query as a {@code Flux} of batches, for pipelines.
     *
     * @param query the events to process
     * @param batchSize events per batch, 1 or more
     * @return the batches, numbered from 1; backpressure is honoured per batch
     */
    Flux<EventBatch> replayBatches(EventQuery query, int batchSize);
}
