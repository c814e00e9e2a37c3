package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.r2dbc.internal.PostgresErrors;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends the wake-up hint after appends. The hint is a bare {@code NOTIFY} in its own statement,
 * outside the append's transaction (a NOTIFY inside it would serialise every commit on the
 * cluster-wide notification lock), with an empty payload, and coalesced: one in flight at a time,
 * later hints collapse into one follow-up.
 */
final class NotifySender {

    private final ConnectionFactory connections;
    private final String sql;
    private final CoalescedTask task;
    private volatile boolean closed;

    NotifySender(ConnectionFactory connections, String channel) {
        this.connections = connections;
        this.sql = "NOTIFY " + channel;
        this.task = new CoalescedTask("NOTIFY " + channel, this::send);
    }

    /** Schedules a hint; returns at once. No-op once closed. */
    void appended() {
        if (!closed) {
            task.request();
        }
    }

    void close() {
        closed = true;
    }

    private Mono<Void> send() {
        if (closed) {
            return Mono.empty();
        }
        return Mono.usingWhen(connections.create(),
                connection -> Flux.from(connection.createStatement(sql).execute())
                        .concatMap(result -> result.getRowsUpdated()).then(),
                Connection::close, (connection, error) -> connection.close(), Connection::close)
                .onErrorMap(PostgresErrors::translate);
    }
}
