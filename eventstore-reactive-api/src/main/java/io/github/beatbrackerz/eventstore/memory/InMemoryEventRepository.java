package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamArchival;
import io.github.beatbrackerz.eventstore.model.StreamDeletion;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTruncation;
import io.github.beatbrackerz.eventstore.model.ValidationIssue;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import io.github.beatbrackerz.eventstore.spi.EventRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link EventRepository} over {@link InMemoryStorage}. Reads stream one event at a time. */
final class InMemoryEventRepository implements EventRepository {

    private final InMemoryStorage storage;
    private final InMemorySnapshotRepository snapshots;

    InMemoryEventRepository(InMemoryStorage storage, InMemorySnapshotRepository snapshots) {
        this.storage = storage;
        this.snapshots = snapshots;
    }

    @Override
    public Flux<RecordedEvent> append(AppendRequest request) {
        return Mono.fromCallable(() -> storage.append(request)).flatMapIterable(stored -> stored);
    }

    @Override
    public Flux<RecordedEvent> find(EventQuery query) {
        return Flux.defer(() -> {
            Flux<RecordedEvent> matching = query.isSingleStream() ? scanStream(query) : scanLog(query);
            Integer limit = query.limit();
            return limit == null ? matching : matching.take(limit, true);
        });
    }

    private Flux<RecordedEvent> scanLog(EventQuery query) {
        return scan(0, storage.size(), query.order(), storage::at)
                .filter(event -> QueryMatcher.matches(query, event) && storage.isStored(event));
    }

    private Flux<RecordedEvent> scanStream(EventQuery query) {
        StreamId stream = new StreamId(query.aggregateId(), query.aggregateType());
        Long from = query.fromSequence();
        Long to = query.toSequence();
        // a copy: a delete or truncation replaces the stream's list meanwhile
        List<RecordedEvent> events = storage.streamView(stream);
        int low = from == null ? 0 : InMemoryStorage.indexOf(events, from);
        int high = to == null || to == Long.MAX_VALUE ? events.size() : InMemoryStorage.indexOf(events, to + 1);
        return scan(low, high, query.order(), events::get)
                .filter(event -> QueryMatcher.matches(query, event));
    }

    private static Flux<RecordedEvent> scan(int low, int high, SortOrder order, IntFunction<RecordedEvent> at) {
        if (high <= low) {
            return Flux.empty();
        }
        Flux<Integer> indexes = Flux.range(low, high - low);
        return order == SortOrder.ASC
                ? indexes.map(at::apply)
                : indexes.map(index -> at.apply(high - 1 - (index - low)));
    }

    @Override
    public Mono<RecordedEvent> findById(UUID eventId) {
        return Mono.fromCallable(() -> storage.byId(eventId));
    }

    @Override
    public Mono<AggregateStats> stats(StreamId stream) {
        return Mono.fromCallable(() -> {
            List<RecordedEvent> events = storage.streamView(stream);
            Map<String, Long> types = new TreeMap<>();
            events.forEach(event -> types.merge(event.type(), 1L, Long::sum));
            return new AggregateStats(stream, events.size(),
                    events.isEmpty() ? null : events.get(0),
                    events.isEmpty() ? null : events.get(events.size() - 1),
                    types);
        });
    }

    @Override
    public Mono<ValidationResult> validate(StreamId stream) {
        return Mono.fromCallable(() -> {
            List<RecordedEvent> events = storage.streamView(stream);
            List<ValidationIssue> issues = new ArrayList<>();
            long start = storage.start(stream);
            long previous = 0;
            for (RecordedEvent event : events) {
                long sequence = event.sequenceNumber();
                if (previous == 0 && sequence != start) {
                    issues.add(new ValidationIssue(ValidationIssue.Kind.INVALID_START, sequence,
                            "stream starts at sequence " + sequence + " instead of " + start));
                } else if (previous != 0 && sequence == previous) {
                    issues.add(new ValidationIssue(ValidationIssue.Kind.DUPLICATE, sequence,
                            "sequence " + sequence + " occurs more than once"));
                } else if (previous != 0 && sequence > previous + 1) {
                    issues.add(new ValidationIssue(ValidationIssue.Kind.GAP, sequence,
                            "sequences " + (previous + 1) + " to " + (sequence - 1) + " are missing"));
                }
                previous = sequence;
            }
            long counter = storage.counter(stream);
            if (counter < previous) {
                issues.add(new ValidationIssue(ValidationIssue.Kind.COUNTER_BEHIND, previous,
                        "the sequence counter " + counter + " is below the last sequence " + previous));
            }
            return ValidationResult.of(stream, issues);
        });
    }

    @Override
    public Mono<StreamDeletion> deleteStream(StreamId stream, UUID tombstoneId) {
        return Mono.fromCallable(() -> storage.delete(stream, tombstoneId, snapshots::removeAll));
    }

    @Override
    public Mono<StreamTruncation> truncateStreamBefore(StreamId stream, long sequenceNumber) {
        return Mono.fromCallable(() -> storage.truncate(stream, sequenceNumber));
    }

    @Override
    public Mono<StreamArchival> archiveStream(StreamId stream, UUID markerId) {
        return Mono.fromCallable(() -> storage.archive(stream, markerId));
    }

    @Override
    public Mono<Long> streamStart(StreamId stream) {
        return Mono.fromCallable(() -> storage.start(stream));
    }

    @Override
    public Flux<RecordedEvent> findArchived(StreamId stream) {
        return Flux.defer(() -> Flux.fromIterable(storage.archived(stream)));
    }
}
