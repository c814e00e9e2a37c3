package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.SnapshotRepository;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** The {@code snapshots} table on PostgreSQL; every operation is one statement. */
public final class R2dbcSnapshotRepository implements SnapshotRepository {

    private final R2dbcSql sql;
    private final SchemaName schema;

    /**
     * @param sql the statement runner
     * @param schema the schema holding the tables
     */
    public R2dbcSnapshotRepository(R2dbcSql sql, SchemaName schema) {
        this.sql = sql;
        this.schema = schema;
    }

    /** {@inheritDoc} Lazy; {@code NewSnapshot} already refused a state {@code jsonb} cannot hold. */
    @Override
    public Mono<Snapshot> save(NewSnapshot snapshot) {
        Require.notNull("snapshot", snapshot);
        return Mono.fromCallable(() -> List.<Object>of(snapshot.stream().aggregateId(), snapshot.stream().aggregateType(),
                        UUID.randomUUID().toString(), snapshot.sequenceNumber(),
                        snapshot.state().text(), snapshot.version()))
                .flatMap(args -> sql.select(SnapshotSql.insert(schema), args, R2dbcSnapshotRepository::map).single());
    }

    /** {@inheritDoc} Lazy; completes empty when there is no such snapshot. */
    @Override
    public Mono<Snapshot> findLatest(StreamId stream, long atOrBeforeSequence) {
        Require.notNull("stream", stream);
        return sql.select(SnapshotSql.latest(schema), List.of(stream.aggregateId(), stream.aggregateType(), atOrBeforeSequence),
                        R2dbcSnapshotRepository::map)
                .next();
    }

    /** {@inheritDoc} Lazy; one {@code DELETE} statement. */
    @Override
    public Mono<Long> prune(StreamId stream, int keep) {
        Require.notNull("stream", stream);
        Require.notNegative("keep", keep);
        return sql.update(SnapshotSql.prune(schema), List.of(stream.aggregateId(), stream.aggregateType(), (long) keep));
    }

    private static Snapshot map(Readable row) {
        return new Snapshot(
                Objects.requireNonNull(row.get("id", UUID.class)),
                new StreamId(Objects.requireNonNull(row.get("aggregate_id", String.class)),
                        Objects.requireNonNull(row.get("aggregate_type", String.class))),
                Objects.requireNonNull(row.get("sequence_number", Long.class)),
                Json.trusted(Objects.requireNonNull(row.get("state", String.class))),
                Objects.requireNonNull(row.get("version", Integer.class)),
                Objects.requireNonNull(row.get("created_at", OffsetDateTime.class)).toInstant());
    }
}
