package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.r2dbc.spi.Connection;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies a batch of a durable subscription's events to a read model in the same PostgreSQL
 * database, inside the transaction that also advances the segment's checkpoint: the read model's
 * writes and the checkpoint commit together or not at all, so no effect is applied twice and none
 * is lost, even when an instance dies mid-batch.
 *
 * <p>Rules for the handler:
 * <ul>
 *   <li>write with the given {@code connection} only: writes through other connections are not
 *       part of the transaction;</li>
 *   <li>neither commit, roll back nor close the connection, and do not use it after the returned
 *       {@code Mono} completed;</li>
 *   <li>the call happens on a non-blocking thread: never block;</li>
 *   <li>an error rolls the batch back; it is retried as the spec says, then handled event by event,
 *       and events that still fail are parked (the parking and the checkpoint past a parked event
 *       are their own small transactions).</li>
 * </ul>
 * Events of one stream arrive in order; batches of one segment one at a time.
 */
@FunctionalInterface
public interface TransactionalHandler {

    /**
     * Applies a batch inside the open transaction of {@code connection}.
     *
     * @param events the batch, never empty, in position order
     * @param connection the transaction's connection
     * @return completes when the batch's writes are done; errors to roll the batch back
     */
    Mono<Void> handle(List<RecordedEvent> events, Connection connection);

    /**
     * A handler that applies each event of a batch in turn, in the batch's one transaction.
     *
     * @param handler applies one event with the transaction's connection
     * @return the batch handler
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code handler}) if null
     */
    static TransactionalHandler perEvent(BiFunction<RecordedEvent, Connection, Mono<Void>> handler) {
        Require.notNull("handler", handler);
        return (events, connection) -> Flux.fromIterable(events)
                .concatMap(event -> Objects.requireNonNull(handler.apply(event, connection), "the handler returned null instead of a Mono"))
                .then();
    }
}
