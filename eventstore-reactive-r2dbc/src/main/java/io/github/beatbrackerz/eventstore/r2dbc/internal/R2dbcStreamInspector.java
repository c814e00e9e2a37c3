package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.ValidationIssue;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Computes a stream's statistics and validation in SQL, never loading the stream's events. */
final class R2dbcStreamInspector {

    private final R2dbcSql sql;
    private final SchemaName schema;

    R2dbcStreamInspector(R2dbcSql sql, SchemaName schema) {
        this.sql = sql;
        this.schema = schema;
    }

    /**
     * Reads the statistics with one statement ({@link InspectionSql#stats}), hence from one
     * snapshot: the total, the type counts and the first and last events always agree.
     */
    Mono<AggregateStats> stats(StreamId stream) {
        return sql.select(InspectionSql.stats(schema), List.of(stream.aggregateId(), stream.aggregateType()), StatsRow::of)
                .collectList()
                .map(rows -> StatsRow.combine(stream, rows));
    }

    Mono<ValidationResult> validate(StreamId stream) {
        return sql.select(InspectionSql.issues(schema), List.of(stream.aggregateId(), stream.aggregateType()), R2dbcStreamInspector::issue)
                .collectList()
                .map(issues -> ValidationResult.of(stream, issues));
    }

    private static ValidationIssue issue(Readable row) {
        ValidationIssue.Kind kind = ValidationIssue.Kind.valueOf(text(row, "kind"));
        long seq = Objects.requireNonNull(row.get("seq", Long.class));
        long other = Objects.requireNonNull(row.get("other", Long.class));
        String message = switch (kind) {
            case INVALID_START -> "Event stream should start at sequence " + other + ", starts at " + seq;
            case GAP -> "Sequence gap: expected " + (other + 1) + ", found " + seq;
            case DUPLICATE -> "Duplicate sequence number " + seq + " (" + other + " events)";
            case COUNTER_BEHIND -> "Sequence counter " + other + " is behind the highest stored sequence number " + seq;
        };
        return new ValidationIssue(kind, seq, message);
    }

    private static String text(Readable row, String column) {
        return Objects.requireNonNull(row.get(column, String.class));
    }
}
