package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Mono;

/**
 * Releases a connection whose conversation was abandoned (a query cancelled or timed out).
 *
 * <p>A pooled connection released in that state goes back to the pool as it is: on a connection
 * that died silently the next statement hangs again, and even on a healthy one the driver first
 * drains the abandoned result. So the physical connection under the pooled one is closed first,
 * and the pool discards it when it next validates it.
 */
public final class ConnectionRelease {

    private ConnectionRelease() {
    }

    /**
     * Closes the physical connection under {@code connection}, then releases {@code connection}.
     * Lazy; never errors (closing is best effort).
     *
     * @param connection a connection, pooled or not
     * @return completes when both are closed
     */
    public static Mono<Void> discard(Connection connection) {
        Connection physical = connection;
        while (physical instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection inner && inner != physical) {
            physical = inner;
        }
        Mono<Void> closePhysical = physical == connection ? Mono.empty() : Mono.from(physical.close()).onErrorResume(error -> Mono.empty());
        return closePhysical.then(Mono.from(connection.close())).onErrorResume(error -> Mono.empty());
    }
}
