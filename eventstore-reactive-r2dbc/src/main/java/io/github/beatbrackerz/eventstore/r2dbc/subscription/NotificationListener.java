package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.error.StorageException;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.retry.Retry;

/**
 * Holds the one dedicated LISTEN connection. It emits a wake-up after every (re)connection, so
 * the reader re-reads from its checkpoint and nothing committed while disconnected is missed, and
 * one per notification. It probes the connection on a heartbeat because the driver does not
 * notice a silently dead socket, and reconnects with exponential backoff for as long as it is
 * subscribed. Cancelling closes the connection.
 */
final class NotificationListener {

    private static final Logger LOG = Loggers.getLogger(NotificationListener.class);

    /** Why the reader is woken. */
    enum Wakeup { CONNECTED, NOTIFIED }

    private final ConnectionFactory connections;
    private final String channel;
    private final SubscriptionOptions options;
    private volatile boolean listening;

    NotificationListener(ConnectionFactory connections, String channel, SubscriptionOptions options) {
        this.connections = connections;
        this.channel = channel;
        this.options = options;
    }

    /** @return an infinite, cold stream of wake-ups; it never errors (it reconnects instead) */
    Flux<Wakeup> wakeups() {
        Mono<? extends Connection> connect = Mono.from(connections.create()).timeout(options.queryTimeout());
        return Flux.usingWhen(connect, this::listen, this::close, (connection, error) -> close(connection), this::close)
                .doFinally(signal -> listening = false)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, options.reconnectBackoffMin())
                        .maxBackoff(options.reconnectBackoffMax())
                        .transientErrors(true)
                        .doBeforeRetry(retry -> LOG.warn("Listener connection on channel {} lost, reconnecting: {}",
                                channel, retry.failure().toString())));
    }

    /** @return whether LISTEN is currently established (for tests and diagnostics) */
    boolean isListening() {
        return listening;
    }

    private Flux<Wakeup> listen(Connection connection) {
        PostgresqlConnection postgres = unwrap(connection);
        // Subscribe before LISTEN: the driver drops notifications that nobody is subscribed to.
        Flux<Wakeup> notifications = postgres.getNotifications().map(notification -> Wakeup.NOTIFIED)
                .concatWith(Mono.error(() -> new StorageException("listener connection closed", null, true)));
        Mono<Wakeup> connected = execute(postgres, "LISTEN " + channel)
                .timeout(options.queryTimeout())
                .then(Mono.fromCallable(() -> {
                    listening = true;
                    return Wakeup.CONNECTED;
                }));
        Flux<Wakeup> heartbeat = Flux.interval(options.heartbeatInterval()).onBackpressureDrop()
                .concatMap(tick -> execute(postgres, "SELECT 1").timeout(options.heartbeatInterval()))
                .thenMany(Flux.empty());
        return Flux.merge(notifications, connected.concatWith(heartbeat));
    }

    private static Mono<Void> execute(PostgresqlConnection connection, String sql) {
        return connection.createStatement(sql).execute().concatMap(result -> result.getRowsUpdated()).then();
    }

    private Mono<Void> close(Connection connection) {
        listening = false;
        return Mono.from(connection.close()).onErrorResume(error -> Mono.empty());
    }

    private static PostgresqlConnection unwrap(Connection connection) {
        Object candidate = connection;
        while (!(candidate instanceof PostgresqlConnection) && candidate instanceof Wrapped<?> wrapped) {
            candidate = wrapped.unwrap();
        }
        if (candidate instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("listener connection factory must create r2dbc-postgresql connections, got "
                + connection.getClass().getName());
    }
}
