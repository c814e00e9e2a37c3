package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Loggers;

/**
 * Measures (reports, never asserts a timing) batch appends through the repository against a raw
 * {@code INSERT … SELECT FROM unnest} of the same rows without sequence reservation, one batch at
 * a time. The figures go to the log; the assertions only check that everything was stored.
 */
class AppendThroughputIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final int BATCHES = 30;
    private static final int BATCH_SIZE = 100;
    private static final String PAYLOAD = "{\"customerId\":\"customer-456\",\"items\":[{\"productId\":\"product-789\",\"quantity\":2}],\"totalAmount\":99.99}";

    @Test
    void measuresBatchAppendsAgainstARawUnnestInsert() {
        Ports ports = Ports.of(DB.connectionFactory(), DB.schema());
        List<List<NewEvent>> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            StreamId stream = StreamId.of("bench-" + b, "order");
            List<NewEvent> batch = new ArrayList<>();
            for (int i = 0; i < BATCH_SIZE; i++) {
                batch.add(Ports.event(stream, "OrderItemAdded", PAYLOAD));
            }
            batches.add(batch);
        }
        ports.events().append(new AppendRequest(List.of(Ports.event(StreamId.of("warmup", "order"), "W")), ExpectedVersion.any())).blockLast();

        long start = System.nanoTime();
        Flux.fromIterable(batches).concatMap(batch -> ports.events().append(new AppendRequest(batch, ExpectedVersion.any())).then()).blockLast(Duration.ofMinutes(2));
        double appendRate = rate(start);

        String raw = "INSERT INTO " + DB.schema() + ".events (id, type, aggregate_id, aggregate_type, sequence_number, payload, created_by)"
                + " SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::jsonb[], $7::text[])";
        start = System.nanoTime();
        Flux.range(0, BATCHES).concatMap(b -> rawInsert(raw, b)).blockLast(Duration.ofMinutes(2));
        double rawRate = rate(start);

        Loggers.getLogger(AppendThroughputIntegrationTest.class).info(
                "batch append: {} events/s through the repository, {} events/s raw unnest insert ({} batches of {})",
                Math.round(appendRate), Math.round(rawRate), BATCHES, BATCH_SIZE);
        assertThat(DB.column("SELECT count(*) FROM " + DB.schema() + ".events", Long.class).blockFirst()).isEqualTo(2L * BATCHES * BATCH_SIZE + 1);
    }

    private static Mono<Long> rawInsert(String sql, int batch) {
        String[] ids = new String[BATCH_SIZE];
        String[] types = new String[BATCH_SIZE];
        String[] aggregateIds = new String[BATCH_SIZE];
        String[] aggregateTypes = new String[BATCH_SIZE];
        Long[] sequences = new Long[BATCH_SIZE];
        String[] payloads = new String[BATCH_SIZE];
        String[] createdBy = new String[BATCH_SIZE];
        for (int i = 0; i < BATCH_SIZE; i++) {
            ids[i] = UUID.randomUUID().toString();
            types[i] = "OrderItemAdded";
            aggregateIds[i] = "raw-" + batch;
            aggregateTypes[i] = "order";
            sequences[i] = (long) i + 1;
            payloads[i] = PAYLOAD;
            createdBy[i] = "tester";
        }
        return Mono.usingWhen(DB.connectionFactory().create(),
                connection -> Flux.from(connection.createStatement(sql).bind(0, ids).bind(1, types).bind(2, aggregateIds).bind(3, aggregateTypes)
                        .bind(4, sequences).bind(5, payloads).bind(6, createdBy).execute()).concatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum),
                Connection::close);
    }

    private static double rate(long startNanos) {
        return BATCHES * BATCH_SIZE / ((System.nanoTime() - startNanos) / 1e9);
    }
}
