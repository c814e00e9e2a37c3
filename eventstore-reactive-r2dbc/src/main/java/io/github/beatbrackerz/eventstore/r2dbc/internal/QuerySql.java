package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an {@link EventQuery} into one keyset-page statement. Every criterion is a bind
 * parameter compared with {@code =}, {@code = ANY} or a range, so {@code %}, {@code _}, quotes and
 * the like match literally. Pages are keyed by sequence number for a single stream and by global
 * position otherwise, so each page is an index range scan.
 *
 * @param sql the page statement; its last two parameters are the key bound and the page size
 * @param args the filter parameters, without key bound and page size
 * @param keyColumn the column pages are keyed by
 * @param ascending the direction
 */
record QuerySql(String sql, List<Object> args, String keyColumn, boolean ascending) {

    static QuerySql of(SchemaName schema, EventQuery query) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (query.aggregateType() != null) {
            where.append(" AND aggregate_type = ").append(param(args, query.aggregateType()));
        }
        if (query.aggregateId() != null) {
            where.append(" AND aggregate_id = ").append(param(args, query.aggregateId()));
        }
        if (!query.types().isEmpty()) {
            where.append(" AND type = ANY(").append(param(args, query.types().toArray(String[]::new))).append("::text[])");
        }
        if (query.fromSequence() != null) {
            where.append(" AND sequence_number >= ").append(param(args, query.fromSequence()));
        }
        if (query.toSequence() != null) {
            where.append(" AND sequence_number <= ").append(param(args, query.toSequence()));
        }
        if (query.fromTime() != null) {
            where.append(" AND created_at >= ").append(param(args, query.fromTime().atOffset(ZoneOffset.UTC)));
        }
        if (query.toTime() != null) {
            where.append(" AND created_at < ").append(param(args, query.toTime().atOffset(ZoneOffset.UTC)));
        }
        String key = query.isSingleStream() ? "sequence_number" : "global_position";
        boolean ascending = query.order() == SortOrder.ASC;
        String sql = "SELECT " + EventRowMapper.COLUMNS + " FROM " + schema.table("events") + where
                + " AND " + key + (ascending ? " > $" : " < $") + (args.size() + 1)
                + " ORDER BY " + key + (ascending ? " ASC" : " DESC")
                + " LIMIT $" + (args.size() + 2);
        return new QuerySql(sql, List.copyOf(args), key, ascending);
    }

    /** @return the key bound before the first row in this direction */
    long startKey() {
        return ascending ? 0L : Long.MAX_VALUE;
    }

    /**
     * @param afterKey the key of the previous page's last row, or {@link #startKey()}
     * @param size the page size
     * @return the parameters of one page
     */
    List<Object> pageArgs(long afterKey, int size) {
        List<Object> page = new ArrayList<>(args);
        page.add(afterKey);
        page.add(size);
        return page;
    }

    private static String param(List<Object> args, Object value) {
        args.add(value);
        return "$" + args.size();
    }
}
