package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.SequenceRepository;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The {@code aggregate_sequences} counters on PostgreSQL, read: the append statement advances
 * them in its own write, and the store only reads them.
 */
public final class R2dbcSequenceRepository implements SequenceRepository {

    private final R2dbcSql sql;
    private final SchemaName schema;

    /**
     * @param sql the statement runner
     * @param schema the schema holding the tables
     */
    public R2dbcSequenceRepository(R2dbcSql sql, SchemaName schema) {
        this.sql = sql;
        this.schema = schema;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Lazy; emits {@code 0} when the stream has no counter row.
     */
    @Override
    public Mono<Long> currentSequence(StreamId stream) {
        Require.notNull("stream", stream);
        return sql.select(AppendSql.currentSequence(schema), List.of(stream.aggregateId(), stream.aggregateType()),
                        row -> Objects.requireNonNull(row.get(0, Long.class)))
                .next()
                .defaultIfEmpty(0L);
    }
}
