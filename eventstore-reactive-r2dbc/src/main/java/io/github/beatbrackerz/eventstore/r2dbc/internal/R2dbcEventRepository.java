package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamArchival;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import io.github.beatbrackerz.eventstore.spi.EventRepository;
import io.github.beatbrackerz.eventstore.spi.StreamEnd;
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
    /** The events' select list under the alias {@code e}, for the stream-end probe. */
    private static final String PROBE_COLUMNS = EventRowMapper.columns("e");

    private final String findById;
    private final String streamEnd;
    private final String streamStart;
    private final R2dbcEventAppender appender;
    private final @Nullable AppendCoalescer coalescer;
    /** The most events one coalesced statement carries (the batch statement is measured with 100; 1,000 keeps arrays small). */
    static final int MAX_GROUP_EVENTS = 1_000;

    private final R2dbcEventPager pager;
    private final R2dbcStreamInspector inspector;
    private final R2dbcStreamRemover remover;

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
        // one row always: the stream's last event (all NULL when it has none), then the cache epoch (NULL when unset)
        this.streamEnd = "SELECT " + PROBE_COLUMNS + ", (SELECT epoch FROM " + schema.table("cache_epoch") + " LIMIT 1)"
                + " FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM " + schema.table("events")
                + " WHERE aggregate_id = $1 AND aggregate_type = $2 ORDER BY sequence_number DESC LIMIT 1) AS e ON TRUE";
        this.streamStart = "SELECT first_sequence FROM " + schema.table("aggregate_sequences") + " WHERE aggregate_id = $1 AND aggregate_type = $2";
        this.appender = new R2dbcEventAppender(sql, schema);
        this.coalescer = statementsInFlight > 0 ? new AppendCoalescer(appender, statementsInFlight, maxQueued, MAX_GROUP_EVENTS) : null;
        this.pager = new R2dbcEventPager(sql, schema, Require.between("pageSize", pageSize, 1, 100_000));
        this.inspector = new R2dbcStreamInspector(sql, schema);
        this.remover = new R2dbcStreamRemover(sql, schema);
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

    /** {@inheritDoc} <p>One primary-key read of the counter row ({@code first_sequence}). */
    @Override
    public Mono<Long> streamStart(StreamId stream) {
        Require.notNull("stream", stream);
        return sql.select(streamStart, List.of(stream.aggregateId(), stream.aggregateType()), row -> row.get(0, Long.class))
                .next()
                .defaultIfEmpty(1L);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement: an index probe for the last event, and the one row of {@code cache_epoch}.
     */
    @Override
    public Mono<StreamEnd> streamEnd(StreamId stream) {
        Require.notNull("stream", stream);
        return sql.select(streamEnd, List.of(stream.aggregateId(), stream.aggregateType()), row -> new StreamEnd(
                        row.get(0) == null ? null : EventRowMapper.map(row),
                        row.get(EventRowMapper.columnCount(), String.class)))
                .next()
                .defaultIfEmpty(new StreamEnd(null, null));
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

    /**
     * {@inheritDoc}
     *
     * <p>One transaction of seven statements: the stream's advisory lock (the appends' lock), a read of
     * its state, the tombstone's reservation in the counter row, the deletes of archived events, events
     * and snapshots, the tombstone's insert.
     */
    @Override
    public Mono<StreamDeletion> deleteStream(StreamId stream, UUID tombstoneId) {
        Require.notNull("stream", stream);
        Require.notNull("tombstoneId", tombstoneId);
        return remover.delete(stream, tombstoneId);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction of four statements: the stream's advisory lock, a read of its last number,
     * the start's move in the counter row ({@code first_sequence}), the delete.
     */
    @Override
    public Mono<StreamTruncation> truncateStreamBefore(StreamId stream, long sequenceNumber) {
        Require.notNull("stream", stream);
        return remover.truncate(stream, sequenceNumber);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction: the stream's advisory lock, a read of its state, the marker's reservation,
     * one statement that moves the events into {@code events_archive}, the marker's insert.
     */
    @Override
    public Mono<StreamArchival> archiveStream(StreamId stream, UUID markerId) {
        Require.notNull("stream", stream);
        Require.notNull("markerId", markerId);
        return remover.archive(stream, markerId);
    }

    /** {@inheritDoc} <p>One query on {@code events_archive}, streamed as the driver reads it. */
    @Override
    public Flux<RecordedEvent> findArchived(StreamId stream) {
        Require.notNull("stream", stream);
        return remover.findArchived(stream);
    }
}
