package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
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
import org.jspecify.annotations.Nullable;

/**
 * The shared state of one in-memory store: the global log, the streams, the sequence counters.
 * Every access holds this object's monitor, briefly; lists only grow, so an index read under the
 * monitor stays valid. Committed batches are handed to the listener while the monitor is held,
 * which is what gives subscribers position order and a gap-free switch from history to live.
 */
final class InMemoryStorage {

    private final List<RecordedEvent> log = new ArrayList<>();
    private final Map<UUID, RecordedEvent> byId = new HashMap<>();
    private final Map<StreamId, List<RecordedEvent>> streams = new HashMap<>();
    private final Map<StreamId, Long> counters = new HashMap<>();
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

    synchronized int streamSize(StreamId stream) {
        List<RecordedEvent> events = streams.get(stream);
        return events == null ? 0 : events.size();
    }

    synchronized RecordedEvent streamAt(StreamId stream, int index) {
        return streams.get(stream).get(index);
    }

    /** Index of the first event of a stream whose sequence number is at least {@code sequence}. */
    synchronized int streamIndexOf(StreamId stream, long sequence) {
        List<RecordedEvent> events = streams.getOrDefault(stream, List.of());
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
}
