package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.durable.internal.Delivery;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetterStore;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.ReplayClaim;
import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.durable.DurableSubscriptionStore;
import io.github.beatbrackerz.eventstore.r2dbc.internal.PostgresErrors;
import io.github.beatbrackerz.eventstore.r2dbc.internal.Transactions;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Exactly-once effects: each batch runs in one transaction that applies the handler's writes and
 * advances the segment's checkpoint ({@code Checkpoints.advance}, fenced by the lease). A lost lease
 * rolls the batch back; so does a batch whose checkpoint is already stored (a retry after a commit
 * whose acknowledgement was lost), which then counts as applied. A replay deletes the parked event
 * in the handler's transaction.
 */
final class TransactionalDelivery implements Delivery {

    private final ConnectionFactory connections;
    private final DurableSubscriptionStore store;
    private final TransactionalHandler handler;

    TransactionalDelivery(ConnectionFactory connections, DurableSubscriptionStore store, TransactionalHandler handler) {
        this.connections = connections;
        this.store = store;
        this.handler = handler;
    }

    @Override
    public boolean batched() {
        return true;
    }

    @Override
    public boolean checkpointsWithBatch() {
        return true;
    }

    @Override
    public Mono<Void> apply(List<RecordedEvent> events, Lease lease) {
        Position last = events.get(events.size() - 1).position();
        return Transactions.run(connections, connection -> call(events, connection)
                        .then(store.checkpoints().advance(connection, lease, last))
                        .flatMap(moved -> moved ? Mono.<Void>empty() : Mono.error(new AlreadyApplied())))
                .onErrorResume(AlreadyApplied.class, applied -> Mono.empty())
                .onErrorMap(TransactionalDelivery::outage);
    }

    @Override
    public Mono<Void> replay(RecordedEvent event, ReplayClaim claim, DeadLetterStore deadLetters) {
        return Transactions.run(connections, connection -> call(List.of(event), connection)
                .then(store.deadLetters().replayed(connection, claim)))
                .onErrorMap(TransactionalDelivery::outage);
    }

    /**
     * A connection that died or a transaction the database refused for now (serialization failure,
     * deadlock) is an outage, retried without counting towards parking; any other failure of the
     * handler's statements (a constraint violation, bad SQL) stays as it is and counts.
     */
    private static Throwable outage(Throwable error) {
        if (error instanceof EventStoreException) {
            return error;
        }
        Throwable translated = PostgresErrors.translate(error);
        return translated instanceof EventStoreException failure && failure.isRetryable() ? translated : error;
    }

    private Mono<Void> call(List<RecordedEvent> events, Connection connection) {
        return Mono.defer(() -> Objects.requireNonNull(handler.handle(events, connection), "the handler returned null instead of a Mono"));
    }

    /** The stored checkpoint already covers the batch: roll back, the batch's effects are committed. */
    private static final class AlreadyApplied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyApplied() {
            super("the batch is already applied", null, false, false);
        }
    }
}
