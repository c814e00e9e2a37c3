package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamArchival;
import io.github.beatbrackerz.eventstore.model.StreamArchive;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTombstone;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes, archives and truncates streams ({@link LifecycleSql}), each in one transaction that
 * first takes the stream's advisory lock, so that it is serialised with the library's appends of
 * the stream: an append commits wholly before it (and its events are removed or archived) or after
 * it (and follows the marker, or the kept events). Statements on the transaction's connection run
 * one after the other.
 */
final class R2dbcStreamRemover {

    private final R2dbcSql sql;
    private final String state;
    private final String reserveMarker;
    private final String deleteEventsBefore;
    private final String archiveEventsBefore;
    private final String deleteArchived;
    private final String deleteSnapshots;
    private final String insertMarker;
    private final String top;
    private final String moveStart;
    private final String findArchived;

    R2dbcStreamRemover(R2dbcSql sql, SchemaName schema) {
        this.sql = sql;
        this.state = LifecycleSql.state(schema);
        this.reserveMarker = LifecycleSql.reserveTombstone(schema);
        this.deleteEventsBefore = LifecycleSql.deleteEventsBefore(schema);
        this.archiveEventsBefore = LifecycleSql.archiveEventsBefore(schema);
        this.deleteArchived = LifecycleSql.deleteArchived(schema);
        this.deleteSnapshots = LifecycleSql.deleteSnapshots(schema);
        this.insertMarker = LifecycleSql.insertTombstone(schema);
        this.top = LifecycleSql.top(schema);
        this.moveStart = LifecycleSql.moveStart(schema);
        this.findArchived = LifecycleSql.findArchived(schema);
    }

    /** Removes the archived and hot events and the snapshots, then stores the tombstone. */
    Mono<StreamDeletion> delete(StreamId stream, UUID tombstoneId) {
        return marked(stream, StreamTombstone.TYPE, (connection, found) -> found.isMarked(StreamTombstone.TYPE)
                ? Mono.just(new StreamDeletion(stream, Objects.requireNonNull(found.last()), List.of(), 0))
                : reserve(connection, stream, found.top()).flatMap(sequence -> moved(connection, deleteArchived, stream, sequence)
                        .flatMap(archived -> moved(connection, deleteEventsBefore, stream, sequence)
                                .flatMap(hot -> R2dbcSql.update(connection, deleteSnapshots, names(stream))
                                        .flatMap(snapshots -> {
                                            List<UUID> removed = new ArrayList<>(archived);
                                            removed.addAll(hot);
                                            return insertMarker(connection, stream, tombstoneId, StreamTombstone.TYPE, sequence,
                                                    StreamTombstone.payload(sequence - 1, removed.size()))
                                                    .map(tombstone -> new StreamDeletion(stream, tombstone, removed, snapshots));
                                        })))));
    }

    /** Moves the hot events to the archive, then stores the marker; snapshots stay. */
    Mono<StreamArchival> archive(StreamId stream, UUID markerId) {
        return marked(stream, StreamArchive.TYPE, (connection, found) -> found.isMarked(StreamArchive.TYPE)
                ? Mono.just(new StreamArchival(stream, Objects.requireNonNull(found.last()), List.of()))
                : reserve(connection, stream, found.top()).flatMap(sequence -> moved(connection, archiveEventsBefore, stream, sequence)
                        .flatMap(archived -> insertMarker(connection, stream, markerId, StreamArchive.TYPE, sequence,
                                        StreamArchive.payload(sequence - 1, archived.size()))
                                .map(marker -> new StreamArchival(stream, marker, archived)))));
    }

    Flux<RecordedEvent> findArchived(StreamId stream) {
        return sql.select(findArchived, names(stream), EventRowMapper::map);
    }

    Mono<StreamTruncation> truncate(StreamId stream, long first) {
        return sql.inTransaction(connection -> lock(connection, stream)
                .then(R2dbcSql.select(connection, top, names(stream), row -> row.get(0) == null ? 0L : Objects.requireNonNull(row.get(0, Long.class))).next())
                .flatMap(last -> last < first
                        ? Mono.error(new ValidationException("sequenceNumber", "no event of " + stream + " is at or after " + first
                                + ": a truncation keeps the stream's last event"))
                        : R2dbcSql.select(connection, moveStart, List.of(stream.aggregateId(), stream.aggregateType(), last, first),
                                        row -> Objects.requireNonNull(row.get(0, Long.class))).next()
                                .flatMap(start -> moved(connection, deleteEventsBefore, stream, first)
                                        .map(removed -> new StreamTruncation(stream, start, removed)))));
    }

    /** The steps of a delete or an archive after the lock and the state read. */
    private interface Replacement<T> {
        Mono<T> apply(Connection connection, StreamState found);
    }

    /** Runs {@code replacement} in a transaction, after the lock and the state read; empty for a stream that never held an event. */
    private <T> Mono<T> marked(StreamId stream, String type, Replacement<T> replacement) {
        return sql.inTransaction(connection -> lock(connection, stream)
                .then(R2dbcSql.select(connection, state, names(stream), StreamState::of).next())
                .flatMap(found -> found.count() == 0 && found.counter() == 0 ? Mono.<T>empty() : replacement.apply(connection, found)));
    }

    private static List<Object> names(StreamId stream) {
        return List.of(stream.aggregateId(), stream.aggregateType());
    }

    private static Mono<Void> lock(Connection connection, StreamId stream) {
        return R2dbcSql.select(connection, LifecycleSql.LOCK, names(stream), row -> 1).then();
    }

    /** Reserves the marker's number and makes it the stream's start. */
    private Mono<Long> reserve(Connection connection, StreamId stream, long top) {
        return R2dbcSql.select(connection, reserveMarker, List.of(stream.aggregateId(), stream.aggregateType(), top),
                row -> Objects.requireNonNull(row.get(0, Long.class))).next();
    }

    private Mono<RecordedEvent> insertMarker(Connection connection, StreamId stream, UUID id, String type, long sequence, Json payload) {
        return R2dbcSql.select(connection, insertMarker, List.of(id.toString(), type, stream.aggregateId(), stream.aggregateType(),
                sequence, payload.text(), StreamTombstone.CREATED_BY), EventRowMapper::map).next();
    }

    /** Runs a statement that deletes or moves the stream's events below a number; emits their ids in sequence order. */
    private static Mono<List<UUID>> moved(Connection connection, String statement, StreamId stream, long sequence) {
        return R2dbcSql.select(connection, statement, List.of(stream.aggregateId(), stream.aggregateType(), sequence),
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

        /** Deleted or archived already: its only event is a marker of this type, at its counter. */
        boolean isMarked(String type) {
            return count == 1 && last != null && type.equals(last.type()) && last.sequenceNumber() == counter;
        }
    }
}
