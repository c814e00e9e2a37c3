package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.spi.EventLagProbe;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.internal.EventRowMapper;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSql;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Lag in one statement: the committed (commit-safe) events after a checkpoint that match the
 * filter and hash to the segment (the SQL form of {@link io.github.beatbrackerz.eventstore.durable.Segments}),
 * counted up to {@link EventLagProbe#LIMIT} along the {@code (transaction_id, global_position)}
 * index, and the age of the oldest of them.
 */
final class PostgresLagProbe implements EventLagProbe {

    private static final String SEGMENT_HASH =
            "('x' || lpad(substr(md5(e.aggregate_type || '/' || e.aggregate_id), 1, 8), 16, '0'))::bit(64)::bigint";

    private final R2dbcSql sql;
    private final String events;

    PostgresLagProbe(R2dbcSql sql, SchemaName schema) {
        this.sql = sql;
        this.events = schema.table("events");
    }

    @Override
    public Mono<DurableStatus.Lag> lag(EventFilter filter, int segment, int segmentCount, Position checkpoint) {
        List<Object> args = new ArrayList<>(List.of(Long.toString(checkpoint.transactionId()), checkpoint.globalPosition()));
        StringBuilder where = new StringBuilder();
        if (filter.aggregateType() != null) {
            args.add(filter.aggregateType());
            where.append(" AND e.aggregate_type = $").append(args.size());
        }
        if (filter.aggregateId() != null) {
            args.add(filter.aggregateId());
            where.append(" AND e.aggregate_id = $").append(args.size());
        }
        if (filter.correlationId() != null) {
            args.add(filter.correlationId());
            where.append(" AND ").append(EventRowMapper.correlationId("e.")).append(" = $").append(args.size());
        }
        if (!filter.types().isEmpty()) {
            args.add(filter.types().toArray(String[]::new));
            where.append(" AND e.type = ANY($").append(args.size()).append("::text[])");
        }
        if (segmentCount > 1) {
            args.add((long) segmentCount);
            args.add((long) segment);
            where.append(" AND ").append(SEGMENT_HASH).append(" % $").append(args.size() - 1).append(" = $").append(args.size());
        }
        String query = "SELECT count(*), extract(epoch FROM now() - min(t.created_at))::float8 FROM (SELECT e.created_at FROM " + events
                + " e WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2)"
                + " AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())" + where
                + " ORDER BY e.transaction_id, e.global_position LIMIT " + (LIMIT + 1) + ") t";
        return sql.select(query, args, row -> {
            Long counted = row.get(0, Long.class);
            long count = counted == null ? 0 : counted;
            Double seconds = row.get(1, Double.class);
            Duration age = seconds == null || seconds < 0 ? Duration.ZERO : Duration.ofNanos(Math.round(seconds * 1e9));
            return new DurableStatus.Lag(Math.min(count, LIMIT), count > LIMIT, age);
        }).next();
    }
}
