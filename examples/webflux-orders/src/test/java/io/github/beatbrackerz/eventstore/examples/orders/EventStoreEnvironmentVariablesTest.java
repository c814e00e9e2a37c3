package io.github.beatbrackerz.eventstore.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** The {@code EVENTSTORE_*} variables mapped onto Boot's and the starter's properties. */
class EventStoreEnvironmentVariablesTest {

    private final EventStoreEnvironmentVariables processor = new EventStoreEnvironmentVariables();

    @Test
    void mapsTheUrlItsSchemaAndTheRedisUrl() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("EVENTSTORE_R2DBC_URL", " r2dbc:postgresql://postgres@db:5432/test?schema=orders&maxSize=5 ")
                .withProperty("EVENTSTORE_REDIS_URL", "redis://cache:6379");
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://postgres@db:5432/test?schema=orders&maxSize=5");
        assertThat(environment.getProperty("eventstore.schema")).isEqualTo("orders");
        assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://cache:6379");
        assertThat(environment.getProperty("eventstore.cache.enabled")).isEqualTo("true");
    }

    @Test
    void explicitPropertiesWin() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("EVENTSTORE_R2DBC_URL", "r2dbc:postgresql://postgres@db:5432/test?schema=orders")
                .withProperty("spring.r2dbc.url", "r2dbc:postgresql://postgres@mine:5432/app")
                .withProperty("eventstore.schema", "es");
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://postgres@mine:5432/app");
        assertThat(environment.getProperty("eventstore.schema")).isEqualTo("es");
    }

    @Test
    void nothingSetOrBlankAddsNothing() {
        MockEnvironment environment = new MockEnvironment().withProperty("EVENTSTORE_REDIS_URL", " ");
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getPropertySources().contains(EventStoreEnvironmentVariables.SOURCE)).isFalse();
        assertThat(environment.getProperty("eventstore.cache.enabled")).isNull();
    }
}
