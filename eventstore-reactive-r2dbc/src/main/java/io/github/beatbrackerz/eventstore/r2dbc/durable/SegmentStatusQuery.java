package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.durable.spi.SegmentStatus;
import io.github.beatbrackerz.eventstore.r2dbc.internal.R2dbcSql;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;

/** Reads {@link SegmentStatus} rows, with ages measured by the database's clock. */
final class SegmentStatusQuery {

    private final R2dbcSql sql;
    private final String select;

    SegmentStatusQuery(R2dbcSql sql, DurableTables tables) {
        this.sql = sql;
        this.select = "SELECT s.subscription_name, s.segment, s.segment_count, s.owner_id, s.fencing_token,"
                + " s.checkpoint_transaction_id::text AS checkpoint_tx, s.checkpoint_global_position, s.lease_expires_at,"
                + " (s.owner_id IS NOT NULL AND s.lease_expires_at > now()) AS lease_held,"
                + " extract(epoch FROM now() - s.heartbeat_at)::float8 AS heartbeat_age,"
                + " extract(epoch FROM now() - s.checkpointed_at)::float8 AS checkpoint_age, s.paused,"
                + " (SELECT count(*) FROM " + tables.deadLetters + " d"
                + " WHERE d.subscription_name = s.subscription_name AND d.segment = s.segment) AS parked, s.updated_at"
                + " FROM " + tables.segments + " s";
    }

    Flux<SegmentStatus> of(String subscription) {
        return sql.select(select + " WHERE s.subscription_name = $1 ORDER BY s.segment", List.of(subscription), SegmentStatusQuery::map);
    }

    Flux<SegmentStatus> all() {
        return sql.select(select + " ORDER BY s.subscription_name, s.segment", List.of(), SegmentStatusQuery::map);
    }

    private static SegmentStatus map(Readable row) {
        return new SegmentStatus(DurableRows.required(row, "subscription_name", String.class),
                DurableRows.required(row, "segment", Integer.class), DurableRows.required(row, "segment_count", Integer.class),
                row.get("owner_id", String.class), DurableRows.required(row, "fencing_token", Long.class),
                DurableRows.position(row, "checkpoint_tx", "checkpoint_global_position"), row.get("lease_expires_at", Instant.class),
                DurableRows.required(row, "lease_held", Boolean.class), DurableRows.seconds(row, "heartbeat_age"),
                DurableRows.seconds(row, "checkpoint_age"), DurableRows.required(row, "paused", Boolean.class),
                DurableRows.required(row, "parked", Long.class), DurableRows.required(row, "updated_at", Instant.class));
    }
}
