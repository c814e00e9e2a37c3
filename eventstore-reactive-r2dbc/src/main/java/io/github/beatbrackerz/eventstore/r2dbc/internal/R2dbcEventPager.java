package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.error.EventStoreException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Streams query results in keyset pages: each page is one short statement on a connection held
 * only while that page is read. The next page is fetched when the subscriber has consumed the
 * current one, so a slow subscriber holds at most about two pages, and cancelling releases the
 * connection at once (at most one page is being read when it happens). A page that fails with a
 * retryable error (a pooled connection that died) is read again, up to three times.
 */
final class R2dbcEventPager {

    /** A page is a keyset read, so re-reading it after a lost connection neither skips nor repeats events. */
    private static final int PAGE_RETRIES = 3;

    private final R2dbcSql sql;
    private final QuerySql.Statements statements;
    private final int pageSize;

    R2dbcEventPager(R2dbcSql sql, SchemaName schema, int pageSize) {
        this.sql = sql;
        this.statements = new QuerySql.Statements(schema);
        this.pageSize = pageSize;
    }

    Flux<RecordedEvent> find(EventQuery query) {
        return Flux.defer(() -> {
            QuerySql statement = statements.of(query);
            long limit = query.limit() == null ? Long.MAX_VALUE : query.limit();
            return page(statement, null, limit)
                    .expand(page -> page.hasMore() ? page(statement, page.lastKey(statement), page.remaining()) : Mono.empty())
                    .concatMapIterable(Page::events, 1);
        });
    }

    /** @param afterKey the key of the previous page's last row, {@code null} for the first page */
    private Mono<Page> page(QuerySql statement, @Nullable Long afterKey, long remaining) {
        int size = (int) Math.min(pageSize, remaining);
        // One row beyond the page tells whether another page exists, sparing a trailing empty read.
        int fetch = size < remaining ? size + 1 : size;
        Flux<RecordedEvent> read = afterKey == null
                ? sql.select(statement.firstSql(), statement.firstPageArgs(fetch), EventRowMapper::map)
                : sql.select(statement.sql(), statement.pageArgs(afterKey, fetch), EventRowMapper::map);
        return read.collectList()
                .retryWhen(Retry.backoff(PAGE_RETRIES, Duration.ofMillis(50))
                        .filter(error -> error instanceof EventStoreException failure && failure.isRetryable())
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .map(rows -> rows.size() > size
                        ? new Page(rows.subList(0, size), true, remaining - size)
                        : new Page(rows, false, remaining - rows.size()));
    }

    private record Page(List<RecordedEvent> events, boolean hasMore, long remaining) {

        long lastKey(QuerySql statement) {
            RecordedEvent last = events.get(events.size() - 1);
            return statement.keyColumn().equals("sequence_number") ? last.sequenceNumber() : last.globalPosition();
        }
    }
}
