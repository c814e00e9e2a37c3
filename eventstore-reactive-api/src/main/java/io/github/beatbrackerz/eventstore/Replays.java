package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.EventBatch;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamArchive;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTombstone;
import io.github.beatbrackerz.eventstore.spi.EventRepository;
import io.github.beatbrackerz.eventstore.spi.SnapshotRepository;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Folds event streams into state: from the latest usable snapshot, at a sequence number, or from
 * scratch while writing snapshots. Every fold streams its events; none is collected in memory.
 */
final class Replays {

    private static final Logger LOG = Loggers.getLogger(Replays.class);

    /** How many snapshots of other versions a replay looks past before starting from scratch. */
    private static final int MAX_VERSION_STEPS = 16;

    private final EventRepository events;
    private final SnapshotRepository snapshots;
    private final Function<NewSnapshot, Mono<Snapshot>> saveSnapshot;
    private final ObjectMapper mapper;

    Replays(EventRepository events, SnapshotRepository snapshots, Function<NewSnapshot, Mono<Snapshot>> saveSnapshot, ObjectMapper mapper) {
        this.events = events;
        this.snapshots = snapshots;
        this.saveSnapshot = saveSnapshot;
        this.mapper = mapper;
    }

    <S> Mono<S> replay(StreamId stream, Projection<S> projection) {
        return fromSnapshot(stream, projection, Long.MAX_VALUE, "stream");
    }

    <S> Mono<S> stateAt(StreamId stream, Projection<S> projection, long sequenceNumber) {
        return fromSnapshot(stream, projection, sequenceNumber, "sequenceNumber");
    }

    /**
     * Folds the whole stream, saving a snapshot every {@code interval} events; an event numbered
     * below 1 (only another program writes one) gets none, since no snapshot can stand there.
     */
    <S> Mono<S> rebuild(StreamId stream, Projection<S> projection, int interval) {
        return Mono.defer(() -> {
            Fold<S> fold = Fold.initial(projection);
            return events.find(EventQuery.forStream(stream))
                    .concatMap(event -> {
                        fold.apply(projection, event);
                        return ++fold.count % interval == 0 && fold.lastSequence >= 1 ? save(stream, projection, fold) : Mono.empty();
                    })
                    .then(Mono.fromSupplier(() -> fold.state));
        });
    }

    Flux<EventBatch> batches(EventQuery query, int batchSize) {
        return events.find(query).buffer(batchSize).index((index, batch) -> new EventBatch(index + 1, batch));
    }

    private <S> Mono<S> fromSnapshot(StreamId stream, Projection<S> projection, long upTo, String field) {
        return Mono.defer(() -> latestOfVersion(stream, projection.snapshotVersion(), upTo)
                .flatMap(snapshot -> restore(snapshot, projection))
                .defaultIfEmpty(Fold.initial(projection))
                .flatMap(start -> foldAfter(stream, projection, start, upTo, field)));
    }

    /**
     * The latest snapshot of one schema version: walks back past snapshots of other versions, a
     * few steps at most, then gives up (the replay starts from the first event). A snapshot below
     * sequence 0 (only another program writes one) is not used: the events after it cannot be
     * selected without those before it.
     */
    private Mono<Snapshot> latestOfVersion(StreamId stream, int version, long upTo) {
        return snapshots.findLatest(stream, upTo)
                .expand(snapshot -> snapshot.version() == version || snapshot.sequenceNumber() <= 1
                        ? Mono.empty()
                        : snapshots.findLatest(stream, snapshot.sequenceNumber() - 1))
                .take(MAX_VERSION_STEPS)
                .filter(snapshot -> snapshot.version() == version && snapshot.sequenceNumber() >= 0)
                .next();
    }

    private <S> Mono<Fold<S>> restore(Snapshot snapshot, Projection<S> projection) {
        try {
            return Mono.just(Fold.restored(snapshot.state().as(projection.stateType(), mapper), snapshot.sequenceNumber()));
        } catch (JacksonException e) {
            // Jackson's message quotes the offending value: state content must stay out of the log.
            LOG.warn("snapshot {} of {} does not convert to {} ({}); replaying from the first event",
                    snapshot.id(), snapshot.stream(), projection.stateType().getName(), e.getClass().getSimpleName());
            return Mono.empty();
        }
    }

    /**
     * Applies the events after the start, up to {@code upTo}. From scratch that is every event up
     * to it, whatever its number: another program may have written events numbered 0 or below.
     */
    private <S> Mono<S> foldAfter(StreamId stream, Projection<S> projection, Fold<S> start, long upTo, String field) {
        if (start.fromSnapshot && start.lastSequence >= upTo) {
            return Mono.just(start.state);
        }
        EventQuery rest = EventQuery.forStream(stream).toBuilder()
                .fromSequence(start.fromSnapshot ? start.lastSequence + 1 : null)
                .toSequence(upTo == Long.MAX_VALUE ? null : upTo)
                .build();
        long expected = start.lastSequence + 1;
        return events.find(rest)
                .reduce(new Checked<S>(start.state, null), (fold, event) -> new Checked<>(projection.applyEvent(fold.state, event),
                        fold.first != null || event.sequenceNumber() < 1 ? fold.first : event))
                .flatMap(fold -> {
                    boolean contiguous = fold.first == null ? upTo < expected : fold.first.sequenceNumber() == expected;
                    return contiguous ? Mono.just(fold.state)
                            : events.streamStart(stream).doOnNext(first -> requireNothingRemoved(stream, start, fold.first, first, upTo, field)).thenReturn(fold.state);
                });
    }

    /**
     * The fold did not begin right where its snapshot (or the numbering) ends. Gaps that another
     * program left are folded as stored; but when the events it needed lie before the stream's start
     * ({@link EventRepository#streamStart}: removed by a truncation, a delete or an archive) and no
     * usable snapshot restores them, the state would be silently incomplete, so it is refused. A
     * delete's tombstone or an archive's marker at the start is where a stream starts over: a fold
     * from scratch may begin there.
     */
    private static <S> void requireNothingRemoved(StreamId stream, Fold<S> from, @Nullable RecordedEvent first, long streamStart,
            long upTo, String field) {
        long expected = from.lastSequence + 1;
        boolean removedNeeded = expected < streamStart && upTo >= expected;
        boolean restarts = !from.fromSnapshot && first != null && first.sequenceNumber() == streamStart
                && (first.type().equals(StreamTombstone.TYPE) || first.type().equals(StreamArchive.TYPE));
        if (removedNeeded && !restarts) {
            throw new ValidationException(field, "the events of " + stream + " from " + expected + " to " + Math.min(upTo, streamStart - 1)
                    + " were removed (the stream starts at " + streamStart + ") and no snapshot of the projection's version restores"
                    + " the state there, so it cannot be computed");
        }
    }

    /** A fold's state and its first event numbered 1 or more (another program may store events at 0 or below). */
    private record Checked<S>(S state, @Nullable RecordedEvent first) {
    }

    private <S> Mono<Void> save(StreamId stream, Projection<S> projection, Fold<S> fold) {
        NewSnapshot snapshot = new NewSnapshot(stream, fold.lastSequence, Json.from(fold.state, mapper), projection.snapshotVersion());
        return saveSnapshot.apply(snapshot).then();
    }

    /** The running state of one fold; confined to the fold's (serial) signal chain. */
    private static final class Fold<S> {
        final boolean fromSnapshot;
        S state;
        long count;
        long lastSequence;

        private Fold(S state, long sequence, boolean fromSnapshot) {
            this.fromSnapshot = fromSnapshot;
            this.state = state;
            this.count = sequence;
            this.lastSequence = sequence;
        }

        static <S> Fold<S> initial(Projection<S> projection) {
            return new Fold<>(projection.initialState(), 0, false);
        }

        static <S> Fold<S> restored(S state, long sequence) {
            return new Fold<>(state, sequence, true);
        }

        void apply(Projection<S> projection, RecordedEvent event) {
            state = projection.applyEvent(state, event);
            lastSequence = event.sequenceNumber();
        }
    }
}
