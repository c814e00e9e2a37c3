package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import io.github.beatbrackerz.eventstore.spi.EventRepository;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code events} table on PostgreSQL. Appends are one statement each ({@link R2dbcEventAppender}),
 * queries stream in keyset pages ({@link R2dbcEventPager}), statistics and validation run in SQL
 * ({@link R2dbcStreamInspector}).
 */
public final class R2dbcEventRepository implements EventRepository {

    private final R2dbcSql sql;
    private final String findById;
    private final R2dbcEventAppender appender;
    private final @Nullable AppendCoalescer coalescer;
    /** The most events one coalesced statement carries (the batch statement is measured with 100; 1,000 keeps arrays small). */
    static final int MAX_GROUP_EVENTS = 1_000;

    private final R2dbcEventPager pager;
    private final R2dbcStreamInspector inspector;

    /**
     * @param sql the statement runner
     * @param schema the schema holding the tables
     * @param pageSize rows per keyset page of {@link #find}
     */
    public R2dbcEventRepository(R2dbcSql sql, SchemaName schema, int pageSize) {
        this(sql, schema, pageSize, 0, 0);
    }

    /**
     * @param sql the statement runner
     * @param schema the schema holding the tables
     * @param pageSize rows per keyset page of {@link #find}
     * @param statementsInFlight with coalescing ({@link AppendCoalescer}), the append statements at once before
     *     appends wait; 0 for no coalescing
     * @param maxQueued with coalescing, the appends that may wait
     */
    public R2dbcEventRepository(R2dbcSql sql, SchemaName schema, int pageSize, int statementsInFlight, int maxQueued) {
        this.sql = sql;
        this.findById = "SELECT " + EventRowMapper.COLUMNS + " FROM " + schema.table("events") + " WHERE id = $1::uuid";
        this.appender = new R2dbcEventAppender(sql, schema);
        this.coalescer = statementsInFlight > 0 ? new AppendCoalescer(appender, statementsInFlight, maxQueued, MAX_GROUP_EVENTS) : null;
        this.pager = new R2dbcEventPager(sql, schema, Require.between("pageSize", pageSize, 1, 100_000));
        this.inspector = new R2dbcStreamInspector(sql, schema);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement, one round trip. A payload or metadata that {@code jsonb} cannot hold (a
     * NUL character, raw or escaped) errors with a {@link io.github.beatbrackerz.eventstore.error.ValidationException}.
     */
    @Override
    public Flux<RecordedEvent> append(AppendRequest request) {
        Require.notNull("request", request);
        return coalescer == null ? appender.append(request) : coalescer.append(request);
    }

    /** {@inheritDoc} */
    @Override
    public Flux<RecordedEvent> find(EventQuery query) {
        Require.notNull("query", query);
        return pager.find(query);
    }

    /** {@inheritDoc} */
    @Override
    public Mono<RecordedEvent> findById(UUID eventId) {
        Require.notNull("eventId", eventId);
        return sql.select(findById, List.of(eventId.toString()), EventRowMapper::map).next();
    }

    /** {@inheritDoc} */
    @Override
    public Mono<AggregateStats> stats(StreamId stream) {
        Require.notNull("stream", stream);
        return inspector.stats(stream);
    }

    /** {@inheritDoc} */
    @Override
    public Mono<ValidationResult> validate(StreamId stream) {
        Require.notNull("stream", stream);
        return inspector.validate(stream);
    }
}
