package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.EventBatchHandler;
import io.github.beatbrackerz.eventstore.durable.EventHandler;
import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.durable.internal.DefaultDurableSubscriptions;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.r2dbc.durable.DurableSubscriptionStore;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSql;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The shared runner over {@link DurableSubscriptionStore}, plus the transactional delivery. */
final class DefaultR2dbcDurableSubscriptions implements R2dbcDurableSubscriptions {

    private final ConnectionFactory connections;
    private final DurableSubscriptionStore store;
    private final DefaultDurableSubscriptions runner;

    DefaultR2dbcDurableSubscriptions(EventStore events, ConnectionFactory connections, SchemaName schema, String instance) {
        this.connections = connections;
        this.store = new DurableSubscriptionStore(connections, schema);
        this.runner = new DefaultDurableSubscriptions(events, store, new PostgresLagProbe(new R2dbcSql(connections), schema), instance);
    }

    @Override
    public Mono<DurableSubscription> startTransactional(DurableSubscriptionSpec spec, TransactionalHandler handler) {
        return runner.start(spec, new TransactionalDelivery(connections, store, Require.notNull("handler", handler)));
    }

    @Override
    public Mono<DurableSubscription> start(DurableSubscriptionSpec spec, EventHandler handler) {
        return runner.start(spec, handler);
    }

    @Override
    public Mono<DurableSubscription> startBatches(DurableSubscriptionSpec spec, EventBatchHandler handler) {
        return runner.startBatches(spec, handler);
    }

    @Override
    public Mono<Void> pause(String name) {
        return runner.pause(name);
    }

    @Override
    public Mono<Void> resume(String name) {
        return runner.resume(name);
    }

    @Override
    public Mono<Void> reset(String name, StartPosition to, Mono<Void> clearFirst) {
        return runner.reset(name, to, clearFirst);
    }

    @Override
    public Flux<DurableStatus> status(String name) {
        return runner.status(name);
    }

    @Override
    public Flux<ParkedEvent> parked(String name) {
        return runner.parked(name);
    }

    @Override
    public Mono<Boolean> replayParked(String name, long id) {
        return runner.replayParked(name, id);
    }

    @Override
    public Mono<Boolean> skipParked(String name, long id) {
        return runner.skipParked(name, id);
    }

    @Override
    public Mono<Void> close() {
        return runner.close();
    }
}
