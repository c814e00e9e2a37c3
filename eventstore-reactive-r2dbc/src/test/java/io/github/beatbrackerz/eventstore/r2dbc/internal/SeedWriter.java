package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes an event the way the TypeScript library does: upsert the counter in
 * {@code aggregate_sequences}, then insert the event with that number, as two statements.
 * Ids are UUID-shaped, as the seed schema requires.
 */
final class SeedWriter {

    private final ConnectionFactory connectionFactory;
    private final String schema;

    SeedWriter(ConnectionFactory connectionFactory, String schema) {
        this.connectionFactory = connectionFactory;
        this.schema = schema;
    }

    Mono<Long> write(String aggregateId, String type, String payload) {
        return Mono.usingWhen(connectionFactory.create(), connection -> reserve(connection, aggregateId)
                .flatMap(sequence -> Flux.from(connection.createStatement("INSERT INTO " + schema + ".events"
                                        + " (type, aggregate_id, aggregate_type, sequence_number, payload, metadata, created_by)"
                                        + " VALUES ($1, $2::uuid, 'order', $3, $4::jsonb, '{\"source\":\"ts\"}'::jsonb, $5::uuid)")
                                .bind(0, type).bind(1, aggregateId).bind(2, sequence.intValue()).bind(3, payload)
                                .bind(4, "00000000-0000-4000-8000-000000000001")
                                .execute())
                        .concatMap(result -> result.getRowsUpdated())
                        .then(Mono.just(sequence))),
                Connection::close);
    }

    private Mono<Long> reserve(Connection connection, String aggregateId) {
        return Flux.from(connection.createStatement("INSERT INTO " + schema + ".aggregate_sequences AS a (aggregate_id, aggregate_type, last_sequence)"
                                + " VALUES ($1::uuid, 'order', 1) ON CONFLICT (aggregate_id, aggregate_type)"
                                + " DO UPDATE SET last_sequence = a.last_sequence + 1 RETURNING last_sequence::bigint")
                        .bind(0, aggregateId).execute())
                .concatMap(result -> result.map(row -> Objects.requireNonNull(row.get(0, Long.class))))
                .single();
    }
}
