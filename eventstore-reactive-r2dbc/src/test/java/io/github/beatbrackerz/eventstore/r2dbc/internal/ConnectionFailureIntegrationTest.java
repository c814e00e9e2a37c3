package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** A connection killed in the middle of a statement surfaces as a retryable {@link StorageException}. */
class ConnectionFailureIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    @Test
    void aKilledStatementIsARetryableStorageFailure() {
        String marker = "SELECT pg_sleep(20)::text AS killed_" + System.nanoTime();
        String active = "FROM pg_stat_activity WHERE query = '" + marker + "' AND state = 'active'";

        new R2dbcSql(DB.connectionFactory()).select(marker, List.of(), row -> row.get(0, String.class))
                .as(StepVerifier::create)
                .then(() -> {
                    await().atMost(Duration.ofSeconds(10)).until(() -> DB.column("SELECT count(*) " + active, Long.class).blockFirst() == 1L);
                    DB.executeUnpooled("SELECT pg_terminate_backend(pid) " + active).block(Duration.ofSeconds(10));
                })
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(StorageException.class,
                        storage -> assertThat(storage.isRetryable()).isTrue()))
                .verify(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(DB.acquiredConnections()).isZero());
    }
}
