package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.EventBatch;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.StreamId;
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
     * A state that would need removed events ({@code truncateStreamBefore}) that no usable snapshot
     * restores is refused, never folded from the kept events alone; a delete's tombstone or an
     * archive's marker is where a fold from scratch may start over.
     *
     * @param stream the aggregate's stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @param projection the fold
     * @param <S> the state type
     * @return the state; the initial state when the aggregate has no event; errors with a
     *     {@code ValidationException} on field {@code stream} when removed events would be needed
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null argument or a name the read rules refuse
     */
    <S> Mono<S> replayEvents(StreamId stream, Projection<S> projection);

    /**
     * The specification's form of {@link #replayEvents(StreamId, Projection)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param projection the fold
     * @param <S> the state type
     * @return the state; the initial state when the aggregate has no event
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null projection or a name the read rules of {@link StreamId#lookup} refuse
     */
    default <S> Mono<S> replayEvents(String aggregateId, String aggregateType, Projection<S> projection) {
        return replayEvents(StreamId.lookup(aggregateId, aggregateType), projection);
    }

    /**
     * The state of an aggregate right after a given sequence number.
     *
     * @param stream the aggregate's stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @param projection the fold
     * @param sequenceNumber the last sequence number to apply, 0 or more
     * @param <S> the state type
     * @return the state at that point; errors with a {@code ValidationException} on field {@code
     *     sequenceNumber} when the state would need removed events (below a truncation point, a
     *     tombstone or an archive marker) that no usable snapshot at or below it restores
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null argument, a name the read rules refuse, or a negative sequence number
     */
    <S> Mono<S> getStateAtSequence(StreamId stream, Projection<S> projection, long sequenceNumber);

    /**
     * The specification's form of {@link #getStateAtSequence(StreamId, Projection, long)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param projection the fold
     * @param sequenceNumber the last sequence number to apply, 0 or more
     * @param <S> the state type
     * @return the state at that point
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null projection, a name the read rules of {@link StreamId#lookup} refuse, or a negative sequence number
     */
    default <S> Mono<S> getStateAtSequence(String aggregateId, String aggregateType, Projection<S> projection, long sequenceNumber) {
        return getStateAtSequence(StreamId.lookup(aggregateId, aggregateType), projection, sequenceNumber);
    }

    /**
     * Replays an aggregate from its first event, ignoring existing snapshots, and stores a
     * snapshot every {@code snapshotInterval} events.
     *
     * @param stream the aggregate's stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @param projection the fold
     * @param snapshotInterval events between snapshots, 1 or more
     * @param <S> the state type
     * @return the final state
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null argument, a name the read rules refuse, or an interval below 1
     */
    <S> Mono<S> rebuildWithSnapshots(StreamId stream, Projection<S> projection, int snapshotInterval);

    /**
     * The specification's form of {@link #rebuildWithSnapshots(StreamId, Projection, int)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param projection the fold
     * @param snapshotInterval events between snapshots, 1 or more
     * @param <S> the state type
     * @return the final state
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null projection, a name the read rules of {@link StreamId#lookup} refuse, or an interval below 1
     */
    default <S> Mono<S> rebuildWithSnapshots(String aggregateId, String aggregateType, Projection<S> projection, int snapshotInterval) {
        return rebuildWithSnapshots(StreamId.lookup(aggregateId, aggregateType), projection, snapshotInterval);
    }

    /**
     * Processes the events matching a query in batches, one batch at a time: {@link
     * #replayBatches} with each batch handed to {@code handler} before the next is requested.
     *
     * @param query the events to process
     * @param handler called once per batch; the next batch waits for it
     * @param batchSize events per batch, 1 or more
     * @return the number of events processed; errors with the handler's error, stopping the replay
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null argument or a batch size below 1
     */
    default Mono<Long> replayEventStream(EventQuery query, BatchHandler handler, int batchSize) {
        Require.notNull("query", query);
        Require.notNull("handler", handler);
        Require.positive("batchSize", batchSize);
        return replayBatches(query, batchSize)
                .concatMap(batch -> Flux.from(handler.handle(batch.events(), batch.batchNumber()))
                        .then(Mono.just((long) batch.events().size())))
                .reduce(0L, Long::sum);
    }

    /**
     * The events matching a query as a {@code Flux} of batches, for pipelines.
     *
     * @param query the events to process
     * @param batchSize events per batch, 1 or more
     * @return the batches, numbered from 1; backpressure is honoured per batch
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null query or a batch size below 1
     */
    Flux<EventBatch> replayBatches(EventQuery query, int batchSize);
}
