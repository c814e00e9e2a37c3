package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@link InspectionSql#stats}: an edge event (or none, for an empty stream) and the
 * stream's type counts, which every row repeats.
 *
 * @param edge 0 for the first event, 1 for the last, {@code null} for an empty stream
 * @param event the edge event, {@code null} for an empty stream
 * @param types the stream's counts by type
 */
record StatsRow(@Nullable Integer edge, @Nullable RecordedEvent event, Map<String, Long> types) {

    static StatsRow of(Readable row) {
        Integer edge = row.get("edge", Integer.class);
        String[] names = row.get("types", String[].class);
        Long[] counts = row.get("counts", Long[].class);
        Map<String, Long> types = new TreeMap<>();
        if (names != null && counts != null) {
            for (int i = 0; i < names.length; i++) {
                types.put(names[i], counts[i]);
            }
        }
        return new StatsRow(edge, edge == null ? null : EventRowMapper.map(row), types);
    }

    /** Builds the statistics from the rows of one statement, so from one snapshot. */
    static AggregateStats combine(StreamId stream, List<StatsRow> rows) {
        @Nullable RecordedEvent first = null;
        @Nullable RecordedEvent last = null;
        Map<String, Long> types = Map.of();
        for (StatsRow row : rows) {
            types = row.types();
            if (row.edge() != null && row.edge() == 0) {
                first = row.event();
            } else if (row.edge() != null) {
                last = row.event();
            }
        }
        long total = types.values().stream().mapToLong(Long::longValue).sum();
        return new AggregateStats(stream, total, first, last, types);
    }
}
