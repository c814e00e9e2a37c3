package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTombstone;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Deletes and truncates streams ({@link LifecycleSql}), each in one transaction that first takes
 * the stream's advisory lock, so that it is serialised with the library's appends of the stream:
 * an append commits wholly before it (and its events are removed) or after it (and follows the
 * tombstone, or the kept events).
 */
final class R2dbcStreamRemover {

    private final R2dbcSql sql;
    private final String state;
    private final String reserveTombstone;
    private final String deleteEventsBefore;
    private final String deleteSnapshots;
    private final String insertTombstone;
    private final String top;
    private final String moveStart;

    R2dbcStreamRemover(R2dbcSql sql, SchemaName schema) {
        this.sql = sql;
        this.state = LifecycleSql.state(schema);
        this.reserveTombstone = LifecycleSql.reserveTombstone(schema);
        this.deleteEventsBefore = LifecycleSql.deleteEventsBefore(schema);
        this.deleteSnapshots = LifecycleSql.deleteSnapshots(schema);
        this.insertTombstone = LifecycleSql.insertTombstone(schema);
        this.top = LifecycleSql.top(schema);
        this.moveStart = LifecycleSql.moveStart(schema);
    }

    Mono<StreamDeletion> delete(StreamId stream, UUID tombstoneId) {
        List<Object> names = List.of(stream.aggregateId(), stream.aggregateType());
        return sql.inTransaction(connection -> lock(connection, names)
                .then(R2dbcSql.select(connection, state, names, StreamState::of).next())
                .flatMap(found -> {
                    if (found.count() == 0 && found.counter() == 0) {
                        return Mono.empty();
                    }
                    if (found.isDeleted()) {
                        return Mono.just(new StreamDeletion(stream, Objects.requireNonNull(found.last()), List.of(), 0));
                    }
                    return remove(connection, stream, names, found.top(), tombstoneId);
                }));
    }

    private Mono<StreamDeletion> remove(Connection connection, StreamId stream, List<Object> names, long top, UUID tombstoneId) {
        return R2dbcSql.select(connection, reserveTombstone, List.of(stream.aggregateId(), stream.aggregateType(), top),
                        row -> Objects.requireNonNull(row.get(0, Long.class))).next()
                // one statement after the other: a connection runs one conversation at a time
                .flatMap(sequence -> removedBefore(connection, stream, sequence)
                        .flatMap(events -> R2dbcSql.update(connection, deleteSnapshots, names)
                                .flatMap(snapshots -> R2dbcSql.select(connection, insertTombstone, List.of(tombstoneId.toString(),
                                                StreamTombstone.TYPE, stream.aggregateId(), stream.aggregateType(), sequence,
                                                StreamTombstone.payload(sequence - 1, events.size()).text(), StreamTombstone.CREATED_BY),
                                                EventRowMapper::map).next()
                                        .map(tombstone -> new StreamDeletion(stream, tombstone, events, snapshots)))));
    }

    Mono<StreamTruncation> truncate(StreamId stream, long first) {
        List<Object> names = List.of(stream.aggregateId(), stream.aggregateType());
        return sql.inTransaction(connection -> lock(connection, names)
                .then(R2dbcSql.select(connection, top, names, row -> row.get(0) == null ? 0L : Objects.requireNonNull(row.get(0, Long.class))).next())
                .flatMap(last -> last < first
                        ? Mono.error(new ValidationException("sequenceNumber", "no event of " + stream + " is at or after " + first
                                + ": a truncation keeps the stream's last event"))
                        : R2dbcSql.select(connection, moveStart, List.of(stream.aggregateId(), stream.aggregateType(), last, first),
                                        row -> Objects.requireNonNull(row.get(0, Long.class))).next()
                                .flatMap(start -> removedBefore(connection, stream, first)
                                        .map(removed -> new StreamTruncation(stream, start, removed)))));
    }

    private static Mono<Void> lock(Connection connection, List<Object> names) {
        return R2dbcSql.select(connection, LifecycleSql.LOCK, names, row -> 1).then();
    }

    /** Deletes the stream's events below a number; emits their ids in sequence order. */
    private Mono<List<UUID>> removedBefore(Connection connection, StreamId stream, long sequence) {
        return R2dbcSql.select(connection, deleteEventsBefore, List.of(stream.aggregateId(), stream.aggregateType(), sequence),
                        row -> new Removed(UUID.fromString(Objects.requireNonNull(row.get(0, String.class))),
                                Objects.requireNonNull(row.get(1, Long.class))))
                .sort(Comparator.comparingLong(Removed::sequence))
                .map(Removed::id)
                .collectList();
    }

    private record Removed(UUID id, long sequence) {
    }

    /** What {@link LifecycleSql#state} read: the last stored event, the number of events, the counter. */
    private record StreamState(@Nullable RecordedEvent last, long count, long counter) {

        static StreamState of(Readable row) {
            int n = EventRowMapper.columnCount();
            return new StreamState(row.get(0) == null ? null : EventRowMapper.map(row),
                    Objects.requireNonNull(row.get(n, Long.class)), Objects.requireNonNull(row.get(n + 1, Long.class)));
        }

        long top() {
            return last == null ? 0 : last.sequenceNumber();
        }

        /** Already deleted: its only event is its tombstone, at its counter. */
        boolean isDeleted() {
            return count == 1 && last != null && StreamTombstone.isTombstone(last) && last.sequenceNumber() == counter;
        }
    }
}
