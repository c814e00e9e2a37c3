package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One keyset-page statement of an {@link EventQuery}, made by {@link Statements}. Every criterion
 * is a bind parameter compared with {@code =}, {@code = ANY} or a range, so {@code %}, {@code _},
 * quotes and the like match literally. Pages are keyed by sequence number for a single stream and
 * by global position otherwise, so each page is an index range scan. The first page has no key
 * bound: a row that another program wrote may hold any key, {@code 0}, a negative number or a
 * {@code long}'s extremes, and no start value lies before them all.
 *
 * @param sql the statement of every page after the first; its last two parameters are the key bound and the page size
 * @param firstSql the statement of the first page; its last parameter is the page size
 * @param args the filter parameters, without key bound and page size
 * @param keyColumn the column pages are keyed by
 * @param ascending the direction
 */
record QuerySql(String sql, String firstSql, List<Object> args, String keyColumn, boolean ascending) {

    /** The criteria in placeholder order: a criterion's ordinal is also its bit in a query's shape. */
    private enum Criterion {
        AGGREGATE_TYPE(" AND aggregate_type = $", "", EventQuery::aggregateType),
        AGGREGATE_ID(" AND aggregate_id = $", "", EventQuery::aggregateId),
        TYPES(" AND type = ANY($", "::text[])", query -> query.types().isEmpty() ? null : query.types().toArray(String[]::new)),
        FROM_SEQUENCE(" AND sequence_number >= $", "", EventQuery::fromSequence),
        TO_SEQUENCE(" AND sequence_number <= $", "", EventQuery::toSequence),
        FROM_TIME(" AND created_at >= $", "", query -> utc(query.fromTime())),
        TO_TIME(" AND created_at < $", "", query -> utc(query.toTime())),
        CORRELATION_ID(" AND " + EventRowMapper.CORRELATION_ID + " = $", "", EventQuery::correlationId);

        private static final Criterion[] ALL = values();

        private final String before;
        private final String after;
        private final Function<EventQuery, @Nullable Object> value;

        Criterion(String before, String after, Function<EventQuery, @Nullable Object> value) {
            this.before = before;
            this.after = after;
            this.value = value;
        }
    }

    private static final int DESCENDING = 1 << Criterion.ALL.length;
    private static final int SINGLE_STREAM = DESCENDING << 1;
    private static final int FIRST_PAGE = SINGLE_STREAM << 1;

    /**
     * The page statements of one schema. A statement's text depends only on its query's shape
     * (which criteria are set, the direction, whether it reads a single stream), so each shape's
     * text is built once: per-call SQL building was a fixed cost of every read.
     */
    static final class Statements {

        private final SchemaName schema;
        private final AtomicReferenceArray<String> texts = new AtomicReferenceArray<>(FIRST_PAGE << 1);

        Statements(SchemaName schema) {
            this.schema = schema;
        }

        QuerySql of(EventQuery query) {
            List<Object> args = new ArrayList<>(Criterion.ALL.length);
            int shape = 0;
            for (Criterion criterion : Criterion.ALL) {
                Object value = criterion.value.apply(query);
                if (value != null) {
                    args.add(value);
                    shape |= 1 << criterion.ordinal();
                }
            }
            boolean ascending = query.order() == SortOrder.ASC;
            shape |= (ascending ? 0 : DESCENDING) | (query.isSingleStream() ? SINGLE_STREAM : 0);
            return new QuerySql(text(shape), text(shape | FIRST_PAGE), List.copyOf(args), keyColumn(shape), ascending);
        }

        private String text(int shape) {
            String sql = texts.get(shape);
            if (sql == null) {
                sql = QuerySql.text(schema, shape);
                texts.set(shape, sql);
            }
            return sql;
        }
    }

    /**
     * @param size the page size
     * @return the parameters of the first page
     */
    List<Object> firstPageArgs(int size) {
        List<Object> page = new ArrayList<>(args.size() + 1);
        page.addAll(args);
        page.add(size);
        return page;
    }

    /**
     * @param afterKey the key of the previous page's last row
     * @param size the page size
     * @return the parameters of a page after the first
     */
    List<Object> pageArgs(long afterKey, int size) {
        List<Object> page = new ArrayList<>(args.size() + 2);
        page.addAll(args);
        page.add(afterKey);
        page.add(size);
        return page;
    }

    private static String text(SchemaName schema, int shape) {
        StringBuilder where = new StringBuilder(" WHERE true");
        int n = 0;
        for (Criterion criterion : Criterion.ALL) {
            if ((shape & 1 << criterion.ordinal()) != 0) {
                where.append(criterion.before).append(++n).append(criterion.after);
            }
        }
        String key = keyColumn(shape);
        boolean ascending = (shape & DESCENDING) == 0;
        if ((shape & FIRST_PAGE) == 0) {
            where.append(" AND ").append(key).append(ascending ? " > $" : " < $").append(++n);
        }
        where.append(" ORDER BY ").append(key).append(ascending ? " ASC" : " DESC").append(" LIMIT $").append(++n);
        return "SELECT " + EventRowMapper.COLUMNS + " FROM " + schema.table("events") + where;
    }

    private static String keyColumn(int shape) {
        return (shape & SINGLE_STREAM) != 0 ? "sequence_number" : "global_position";
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant time) {
        return time == null ? null : time.atOffset(ZoneOffset.UTC);
    }
}
