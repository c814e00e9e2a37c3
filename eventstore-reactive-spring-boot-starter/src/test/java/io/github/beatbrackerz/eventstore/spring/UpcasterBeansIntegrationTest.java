package io.github.beatbrackerz.eventstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.upcast.Upcaster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The application's {@link Upcaster} beans make the starter's store upcast what it reads from PostgreSQL. */
class UpcasterBeansIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, EventStoreAutoConfiguration.class))
                .withPropertyValues("spring.r2dbc.url=" + DB.server().r2dbcUrl(), "eventstore.schema=" + DB.newSchema(true),
                        "eventstore.initialize-schema=false", "eventstore.subscriptions.mode=disabled");
    }

    @Test
    void upcasterBeansAreRegisteredTogether() {
        runner().withBean("toV2", Upcaster.class, () -> Upcaster.of("Placed", 1, json -> Json.parse("{\"total\":" + json.node().get("amount") + "}")))
                .withBean("toV3", Upcaster.class, () -> Upcaster.of("Placed", 2, json -> Json.parse("{\"total\":" + json.node().get("total") + ",\"v\":3}")))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EventStore store = context.getBean(EventStore.class);
                    RecordedEvent written = store.appendEvent(NewEvent.builder().type("Placed").aggregateId("o-1").aggregateType("order")
                            .createdBy("test").payload(Map.of("amount", 4)).build()).block(WAIT);
                    List<RecordedEvent> read = store.getAggregateEvents("o-1", "order").collectList().block(WAIT);
                    assertThat(written.version()).isEqualTo(1);
                    assertThat(read).singleElement().satisfies(event -> {
                        assertThat(event.version()).isEqualTo(3);
                        assertThat(event.payload()).isEqualTo(Json.parse("{\"total\":4,\"v\":3}"));
                    });
                });
    }

    @Test
    void upcasterBeansWithAGapFailTheStartNamingTheField() {
        runner().withBean("toV2", Upcaster.class, () -> Upcaster.of("Placed", 1, json -> json))
                .withBean("toV4", Upcaster.class, () -> Upcaster.of("Placed", 3, json -> json))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOf(ValidationException.class).hasMessageContaining("upcasters has a gap for type Placed"));
    }
}
