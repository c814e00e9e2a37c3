package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SubscriptionOptionsTest {

    @Test
    void defaultsAreDocumentedValues() {
        SubscriptionOptions options = SubscriptionOptions.defaults();
        assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.pageSize()).isEqualTo(500);
        assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.reconnectBackoffMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(options.reconnectBackoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.bufferSize()).isEqualTo(8192);
        assertThat(options.channel("public")).isEqualTo("public_events");
        assertThat(options.channel("s".repeat(63))).hasSize(63);
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> SubscriptionOptions.builder().pollInterval(Duration.ZERO))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("pollInterval ");
        assertThatThrownBy(() -> SubscriptionOptions.builder().heartbeatInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("heartbeatInterval ");
        assertThatThrownBy(() -> SubscriptionOptions.builder().pageSize(0))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("pageSize ");
        assertThatThrownBy(() -> SubscriptionOptions.builder().bufferSize(0))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("bufferSize ");
        assertThatThrownBy(() -> SubscriptionOptions.builder().channel("Bad-Channel"))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("channel ");
        assertThatThrownBy(() -> SubscriptionOptions.builder().reconnectBackoffMin(null))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("reconnectBackoffMin ");
    }

    @Test
    void rejectsABackoffRangeThatIsUpsideDown() {
        assertThatThrownBy(() -> SubscriptionOptions.builder().reconnectBackoffMin(Duration.ofSeconds(5))
                        .reconnectBackoffMax(Duration.ofSeconds(1)).build())
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("reconnectBackoffMin ");
    }

    @Test
    void createRejectsABadSchemaAndAPooledListener() {
        PostgresqlConnectionFactory direct = SubscriptionFixture.listenerFactory(
                new io.github.beatbrackerz.eventstore.r2dbc.test.ServerAddress("127.0.0.1", 1, "x", "x", null, "unit"), "unit");
        assertThatThrownBy(() -> PostgresSubscriptions.create(direct, direct, "Bad Schema", SubscriptionOptions.defaults()))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("schema ");
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(direct).build());
        try {
            assertThatThrownBy(() -> PostgresSubscriptions.create(direct, pool, "public", SubscriptionOptions.defaults()))
                    .isInstanceOf(ValidationException.class).hasMessageStartingWith("listener ");
        } finally {
            pool.dispose();
        }
        assertThat(PostgresSubscriptions.create(direct, direct, "public", SubscriptionOptions.defaults())).isNotNull();
    }
}
