package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamArchival;
import io.github.beatbrackerz.eventstore.model.StreamArchive;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTombstone;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The shared state of one in-memory store: the global log, the streams, the sequence counters.
 * Every access holds this object's monitor, briefly. The global log only grows, so an index read
 * under the monitor stays valid: events a delete or truncation removed stay in it but leave
 * {@link #isStored}, and readers of the log skip them. A stream's list is replaced, never shrunk
 * in place, and read as a copy ({@link #streamView}). Committed batches are handed to the listener while the monitor is held,
 * which is what gives subscribers position order and a gap-free switch from history to live.
 */
final class InMemoryStorage {

    private final List<RecordedEvent> log = new ArrayList<>();
    private final Map<UUID, RecordedEvent> byId = new HashMap<>();
    private final Map<StreamId, List<RecordedEvent>> streams = new HashMap<>();
    private final Map<StreamId, Long> counters = new HashMap<>();
    /** Where streams that were deleted or truncated start; other streams start at 1. */
    private final Map<StreamId, Long> starts = new HashMap<>();
    /** Archived events by stream, in sequence order: out of the log's readers' sight (not in {@link #byId}). */
    private final Map<StreamId, List<RecordedEvent>> archived = new HashMap<>();
    private long transactions;
    private Consumer<List<RecordedEvent>> listener = batch -> { };

    synchronized void onCommit(Consumer<List<RecordedEvent>> listener) {
        this.listener = listener;
    }

    /** Appends atomically, following {@code EventRepository.append}'s idempotency rule. */
    synchronized List<RecordedEvent> append(AppendRequest request) {
        Optional<List<RecordedEvent>> retried = request.retriedAs(byId::get);
        if (retried.isPresent()) {
            return retried.get();
        }
        checkExpectedVersion(request);
        transactions++;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<StreamId, Long> next = new HashMap<>();
        List<RecordedEvent> stored = new ArrayList<>(request.events().size());
        for (NewEvent event : request.events()) {
            long sequence = next.merge(event.stream(), counter(event.stream()) + 1, (old, ignored) -> old + 1);
            Position position = Position.of(transactions, log.size() + stored.size() + 1L);
            stored.add(new RecordedEvent(event.eventId(), event.type(), event.stream(), sequence, event.version(),
                    event.payload(), event.metadata(), now, event.createdBy(), position));
        }
        for (RecordedEvent event : stored) {
            log.add(event);
            byId.put(event.id(), event);
            streams.computeIfAbsent(event.stream(), s -> new ArrayList<>()).add(event);
        }
        counters.putAll(next);
        listener.accept(stored);
        return stored;
    }

    private void checkExpectedVersion(AppendRequest request) {
        ExpectedVersion expected = request.expectedVersion();
        if (expected.isAny()) {
            return;
        }
        StreamId stream = request.events().get(0).stream();
        long actual = counter(stream);
        if (actual != expected.value()) {
            throw new ConcurrencyConflictException(stream, expected.value(), actual);
        }
    }

    synchronized long counter(StreamId stream) {
        return counters.getOrDefault(stream, 0L);
    }

    synchronized long reserve(StreamId stream, int count) {
        return counters.merge(stream, (long) count, Long::sum);
    }

    synchronized @Nullable RecordedEvent byId(UUID id) {
        return byId.get(id);
    }

    synchronized int size() {
        return log.size();
    }

    synchronized RecordedEvent at(int index) {
        return log.get(index);
    }

    synchronized List<RecordedEvent> streamView(StreamId stream) {
        List<RecordedEvent> events = streams.get(stream);
        return events == null ? List.of() : List.copyOf(events);
    }

    /** Index of the first event of a stream's events (in sequence order) whose sequence number is at least {@code sequence}. */
    static int indexOf(List<RecordedEvent> events, long sequence) {
        int low = 0;
        int high = events.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (events.get(mid).sequenceNumber() < sequence) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Index in the log of the first event after a position. */
    synchronized int indexAfter(Position after) {
        int low = 0;
        int high = log.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (log.get(mid).position().compareTo(after) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The last committed position, or {@link Position#BEGINNING}. */
    synchronized Position head() {
        return log.isEmpty() ? Position.BEGINNING : log.get(log.size() - 1).position();
    }

    /** Whether an event of the log is still stored (not removed by a delete or truncation). */
    synchronized boolean isStored(RecordedEvent event) {
        return byId.containsKey(event.id());
    }

    /** @return where a stream starts: 1, or where a delete or truncation left it */
    synchronized long start(StreamId stream) {
        return starts.getOrDefault(stream, 1L);
    }

    /**
     * Deletes a stream as {@code EventRepository.deleteStream} describes, its archived events too, its
     * snapshots through {@code removeSnapshots} (called under this monitor).
     *
     * @return the deletion, or {@code null} for a stream that never held an event
     */
    synchronized @Nullable StreamDeletion delete(StreamId stream, UUID tombstoneId, ToLongFunction<StreamId> removeSnapshots) {
        List<RecordedEvent> events = streams.getOrDefault(stream, List.of());
        if (events.isEmpty() && counter(stream) == 0) {
            return null;
        }
        if (isMarked(stream, events, StreamTombstone.TYPE)) {
            return new StreamDeletion(stream, events.get(0), List.of(), 0);
        }
        List<UUID> removed = new ArrayList<>();
        archived.getOrDefault(stream, List.of()).forEach(event -> removed.add(event.id()));
        archived.remove(stream);
        events.forEach(event -> removed.add(event.id()));
        events.forEach(event -> byId.remove(event.id()));
        long snapshots = removeSnapshots.applyAsLong(stream);
        long reserved = reserved(stream, events);
        RecordedEvent tombstone = mark(stream, tombstoneId, StreamTombstone.TYPE, reserved, StreamTombstone.payload(reserved, removed.size()));
        return new StreamDeletion(stream, tombstone, removed, snapshots);
    }

    /**
     * Archives a stream as {@code EventRepository.archiveStream} describes.
     *
     * @return the archival, or {@code null} for a stream that never held an event
     */
    synchronized @Nullable StreamArchival archive(StreamId stream, UUID markerId) {
        List<RecordedEvent> events = streams.getOrDefault(stream, List.of());
        if (events.isEmpty() && counter(stream) == 0) {
            return null;
        }
        if (isMarked(stream, events, StreamArchive.TYPE)) {
            return new StreamArchival(stream, events.get(0), List.of());
        }
        archived.computeIfAbsent(stream, s -> new ArrayList<>()).addAll(events);
        events.forEach(event -> byId.remove(event.id()));
        long reserved = reserved(stream, events);
        RecordedEvent marker = mark(stream, markerId, StreamArchive.TYPE, reserved, StreamArchive.payload(reserved, events.size()));
        return new StreamArchival(stream, marker, events.stream().map(RecordedEvent::id).toList());
    }

    /** @return a copy of a stream's archived events, in sequence order */
    synchronized List<RecordedEvent> archived(StreamId stream) {
        return List.copyOf(archived.getOrDefault(stream, List.of()));
    }

    /** Whether the stream's only event is a marker of this type at its counter: deleted or archived already. */
    private boolean isMarked(StreamId stream, List<RecordedEvent> events, String type) {
        return events.size() == 1 && type.equals(events.get(0).type()) && events.get(0).sequenceNumber() == counter(stream);
    }

    private long reserved(StreamId stream, List<RecordedEvent> events) {
        long counter = counter(stream);
        return events.isEmpty() ? counter : Math.max(counter, events.get(events.size() - 1).sequenceNumber());
    }

    /** Commits a marker event numbered after {@code reserved} as the stream's only event, and makes its number the stream's start. */
    private RecordedEvent mark(StreamId stream, UUID id, String type, long reserved, Json payload) {
        transactions++;
        RecordedEvent marker = new RecordedEvent(id, type, stream, reserved + 1, 1, payload, Json.emptyObject(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), StreamTombstone.CREATED_BY, Position.of(transactions, log.size() + 1L));
        log.add(marker);
        byId.put(marker.id(), marker);
        streams.put(stream, new ArrayList<>(List.of(marker)));
        counters.put(stream, reserved + 1);
        starts.put(stream, reserved + 1);
        listener.accept(List.of(marker));
        return marker;
    }

    /**
     * Removes a stream's events below {@code first}, as {@code EventRepository.truncateStreamBefore} describes.
     *
     * @throws ValidationException when no event of the stream lies at or after {@code first}
     */
    synchronized StreamTruncation truncate(StreamId stream, long first) {
        List<RecordedEvent> events = streams.getOrDefault(stream, List.of());
        if (events.isEmpty() || events.get(events.size() - 1).sequenceNumber() < first) {
            throw new ValidationException("sequenceNumber", "no event of " + stream + " is at or after " + first
                    + ": a truncation keeps the stream's last event");
        }
        List<RecordedEvent> kept = new ArrayList<>();
        List<UUID> removed = new ArrayList<>();
        for (RecordedEvent event : events) {
            if (event.sequenceNumber() < first) {
                removed.add(event.id());
                byId.remove(event.id());
            } else {
                kept.add(event);
            }
        }
        streams.put(stream, kept);
        long start = Math.max(start(stream), first);
        starts.put(stream, start);
        return new StreamTruncation(stream, start, removed);
    }
}
