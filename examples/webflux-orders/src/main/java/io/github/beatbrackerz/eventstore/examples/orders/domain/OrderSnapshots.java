package io.github.beatbrackerz.eventstore.examples.orders.domain;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The snapshot policy: one snapshot whenever an order's version reaches a multiple of the
 * interval, so that a replay applies fewer than that many events after it.
 */
final class OrderSnapshots {

    private static final Logger LOG = Loggers.getLogger(OrderSnapshots.class);

    private final EventStore store;
    private final int interval;

    OrderSnapshots(EventStore store, int interval) {
        this.store = store;
        this.interval = interval;
    }

    /** Stores a snapshot if the version is due; a failed snapshot is logged and never fails the command. */
    Mono<Order> storeIfDue(Order order) {
        if (order.version() % interval != 0) {
            return Mono.just(order);
        }
        return store(order)
                .doOnError(error -> LOG.warn("snapshot of order {} at version {} failed", order.id(), order.version(), error))
                .onErrorResume(error -> Mono.empty())
                .thenReturn(order);
    }

    /** Stores a snapshot of the state at its version. */
    Mono<Snapshot> store(Order order) {
        return store.createSnapshot(NewSnapshot.of(order.id(), OrderService.AGGREGATE_TYPE, order.version(), order));
    }
}
