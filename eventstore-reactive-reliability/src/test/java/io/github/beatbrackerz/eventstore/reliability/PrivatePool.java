package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.r2dbc.test.ServerAddress;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Connections of this module's own, each factory with an {@code application_name} no other test
 * uses: the faults here kill backends by that name, and other suites sharing the server kill
 * theirs (the test database's pool is named {@code eventstore-reactive-tests} for every class),
 * so no test should depend on a name it does not own.
 */
final class PrivatePool {

    private PrivatePool() {
    }

    /** @return a unique application name starting with {@code prefix} */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ConnectionPool create(ServerAddress server, String applicationName, int maxSize, @Nullable Duration statementTimeout) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(unpooled(server, applicationName, statementTimeout))
                .name(applicationName)
                .initialSize(0)
                .maxSize(maxSize)
                .maxAcquireTime(Duration.ofSeconds(20))
                .maxCreateConnectionTime(Duration.ofSeconds(10))
                .build());
    }

    static PostgresqlConnectionFactory unpooled(ServerAddress server, String applicationName, @Nullable Duration statementTimeout) {
        PostgresqlConnectionConfiguration.Builder builder = PostgresqlConnectionConfiguration.builder()
                .host(server.host())
                .port(server.port())
                .database(server.database())
                .username(server.user())
                .applicationName(applicationName)
                .connectTimeout(Duration.ofSeconds(10));
        if (server.password() != null) {
            builder.password(server.password());
        }
        if (statementTimeout != null) {
            builder.statementTimeout(statementTimeout);
        }
        return new PostgresqlConnectionFactory(builder.build());
    }
}
