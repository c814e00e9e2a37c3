package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.ValidationIssue;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Computes a stream's statistics and validation in SQL, never loading the stream's events. */
final class R2dbcStreamInspector {

    private final R2dbcSql sql;
    private final SchemaName schema;

    R2dbcStreamInspector(R2dbcSql sql, SchemaName schema) {
        this.sql = sql;
        this.schema = schema;
    }

    Mono<AggregateStats> stats(StreamId stream) {
        List<Object> args = List.of(stream.aggregateId(), stream.aggregateType());
        Mono<Map<String, Long>> counts = sql.select(InspectionSql.typeCounts(schema), args,
                        row -> Map.entry(text(row, "type"), Objects.requireNonNull(row.get("n", Long.class))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        Mono<Optional<RecordedEvent>> first = edge(stream, true);
        Mono<Optional<RecordedEvent>> last = edge(stream, false);
        return Mono.zip(counts, first, last).map(t -> new AggregateStats(stream,
                t.getT1().values().stream().mapToLong(Long::longValue).sum(),
                t.getT2().orElse(null), t.getT3().orElse(null), t.getT1()));
    }

    Mono<ValidationResult> validate(StreamId stream) {
        return sql.select(InspectionSql.issues(schema), List.of(stream.aggregateId(), stream.aggregateType()), R2dbcStreamInspector::issue)
                .collectList()
                .map(issues -> ValidationResult.of(stream, issues));
    }

    private Mono<Optional<RecordedEvent>> edge(StreamId stream, boolean first) {
        return sql.select(InspectionSql.edge(schema, first), List.of(stream.aggregateId(), stream.aggregateType()), EventRowMapper::map)
                .next()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    private static ValidationIssue issue(Readable row) {
        ValidationIssue.Kind kind = ValidationIssue.Kind.valueOf(text(row, "kind"));
        long seq = Objects.requireNonNull(row.get("seq", Long.class));
        long other = Objects.requireNonNull(row.get("other", Long.class));
        String message = switch (kind) {
            case INVALID_START -> "Event stream should start at sequence 1, starts at " + seq;
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
