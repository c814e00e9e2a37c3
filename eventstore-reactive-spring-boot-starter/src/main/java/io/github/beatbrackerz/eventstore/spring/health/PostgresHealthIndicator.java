package io.github.beatbrackerz.eventstore.spring.health;

import io.github.beatbrackerz.eventstore.spring.EventStoreLifecycle;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL as the store sees it: {@code DOWN} when the schema set-up failed or a connection of
 * the store's factory does not validate within the timeout, {@code OUT_OF_SERVICE} while the
 * schema is still being set up, otherwise {@code UP}. Details: {@code schema} ({@code
 * initializing}, {@code ready}, {@code failed}) and, on failure, the error.
 */
public final class PostgresHealthIndicator extends AbstractReactiveHealthIndicator {

    private final ConnectionFactory connections;
    private final EventStoreLifecycle lifecycle;
    private final Duration timeout;

    /**
     * @param connections the store's connection factory
     * @param lifecycle tells the schema set-up's state
     * @param timeout the bound on acquiring and validating a connection
     */
    public PostgresHealthIndicator(ConnectionFactory connections, EventStoreLifecycle lifecycle, Duration timeout) {
        super("Event store PostgreSQL health check failed");
        this.connections = connections;
        this.lifecycle = lifecycle;
        this.timeout = timeout;
    }

    /**
     * @param builder the health to fill in
     * @return lazy; one health, on the driver's thread; a failure becomes {@code DOWN}
     */
    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        Throwable failure = lifecycle.failure();
        if (failure != null) {
            return Mono.just(builder.down(failure).withDetail("schema", "failed").build());
        }
        Mono<Boolean> valid = Mono.usingWhen(Mono.from(connections.create()),
                connection -> Mono.from(connection.validate(ValidationDepth.REMOTE)), Connection::close);
        return valid.timeout(timeout).map(ok -> health(builder, ok, lifecycle.isReady()));
    }

    private static Health health(Health.Builder builder, @Nullable Boolean valid, boolean ready) {
        if (!Boolean.TRUE.equals(valid)) {
            return builder.down().withDetail("schema", ready ? "ready" : "initializing").withDetail("connection", "invalid").build();
        }
        return ready ? builder.up().withDetail("schema", "ready").build() : builder.outOfService().withDetail("schema", "initializing").build();
    }
}
