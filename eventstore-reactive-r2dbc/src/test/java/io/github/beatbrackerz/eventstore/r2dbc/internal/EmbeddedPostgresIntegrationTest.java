package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Runs through the embedded PostgreSQL 17 fallback, so the fresh-machine path stays green. */
class EmbeddedPostgresIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.embedded();

    @Test
    void migratesAndMapsRowsOnEmbeddedPostgres17() {
        assertThat(DB.server().origin()).isEqualTo("embedded");
        assertThat(DB.column("SHOW server_version_num", String.class).blockFirst(Duration.ofSeconds(10))).startsWith("17");

        String schema = DB.schema();
        DB.execute("INSERT INTO " + schema + ".events (id, type, aggregate_id, aggregate_type, sequence_number, payload, created_by)"
                        + " VALUES ('7b0c7f7e-3a4c-4b55-9d7e-1f1f1f1f1f1f', 'OrderCreated', 'order-1', 'order', 1, '{\"total\": 9.5}', 'tester')")
                .block(Duration.ofSeconds(10));

        Flux.usingWhen(DB.connectionFactory().create(),
                        connection -> Flux.from(connection.createStatement("SELECT " + EventRowMapper.COLUMNS + " FROM " + schema + ".events").execute())
                                .concatMap(result -> result.map(EventRowMapper::map)),
                        Connection::close)
                .as(StepVerifier::create)
                .assertNext(event -> {
                    assertThat(event.type()).isEqualTo("OrderCreated");
                    assertThat(event.aggregateId()).isEqualTo("order-1");
                    assertThat(event.sequenceNumber()).isEqualTo(1);
                    assertThat(event.payload().text()).isEqualTo("{\"total\": 9.5}");
                    assertThat(event.globalPosition()).isEqualTo(1);
                    assertThat(event.position().transactionId()).isPositive();
                })
                .expectComplete().verify(WAIT);
        assertThat(Mono.just(DB.acquiredConnections()).block()).isZero();
    }

}
