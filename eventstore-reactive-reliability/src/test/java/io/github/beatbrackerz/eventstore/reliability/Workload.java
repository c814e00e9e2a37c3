package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * One worker of the soak: a loop of randomly chosen operations on one store until the deadline.
 * Appends go through {@link Appends}; reads check that they include every event whose append was
 * acknowledged before the read began, in sequence order without gaps or duplicates; replays check
 * their folds against the same knowledge.
 */
final class Workload implements Runnable {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Projection<Long> COUNT = Projection.of(Long.class, 0L, (count, event) -> count + 1);
    private static final String[] EVENT_TYPES = {"Created", "Updated", "Noted"};

    private final EventStore store;
    private final String name;
    private final Random random;
    private final StreamPool streams;
    private final Ledger ledger;
    private final Appends appends;
    private final Findings findings;
    private final long deadlineNanos;
    private final AtomicLong payloadCounter = new AtomicLong();

    Workload(String name, EventStore store, long seed, StreamPool streams, Ledger ledger, Appends appends, Findings findings,
            long deadlineNanos) {
        this.name = name;
        this.store = store;
        this.random = new Random(seed);
        this.streams = streams;
        this.ledger = ledger;
        this.appends = appends;
        this.findings = findings;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void run() {
        try {
            while (System.nanoTime() < deadlineNanos) {
                step(random.nextInt(100), streams.pick(random));
            }
        } catch (RuntimeException | Error e) {
            findings.violation("soak harness ran to the end", "worker " + name + " crashed: " + e);
            throw e;
        }
    }

    private void step(int roll, StreamId stream) {
        if (roll < 22) {
            append("single", List.of(event(stream)), ExpectedVersion.any());
        } else if (roll < 32) {
            append("single expected", List.of(event(stream)), currentVersion(stream));
        } else if (roll < 42) {
            append("batch expected", events(stream, 2 + random.nextInt(6)), currentVersion(stream));
        } else if (roll < 52) {
            List<NewEvent> batch = new ArrayList<>(events(stream, 1 + random.nextInt(4)));
            batch.addAll(events(streams.pick(random), 1 + random.nextInt(4)));
            append("batch multi-stream", batch, ExpectedVersion.any());
        } else if (roll < 67) {
            read("cached read", stream, () -> store.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).collectList());
        } else if (roll < 77) {
            read("uncached read", stream, () -> store.queryEvents(EventQuery.forStream(stream)).collectList());
        } else if (roll < 87) {
            snapshotAndReplay(stream);
        } else {
            replayStream(stream);
        }
    }

    private void append(String kind, List<NewEvent> events, ExpectedVersion expected) {
        appends.append(store, kind, events, expected);
        for (NewEvent event : events) {
            streams.grew(event.stream(), ledger.length(event.stream()));
        }
    }

    private ExpectedVersion currentVersion(StreamId stream) {
        Long last = guarded("version read", () -> store.queryEvents(EventQuery.forStream(stream).toBuilder()
                .order(SortOrder.DESC).limit(1).build()).map(RecordedEvent::sequenceNumber).next().defaultIfEmpty(0L));
        return last == null ? ExpectedVersion.any() : ExpectedVersion.exactly(last);
    }

    private void read(String kind, StreamId stream, Supplier<Mono<List<RecordedEvent>>> read) {
        long started = System.nanoTime();
        List<Ledger.Ack> mustSee = ledger.ackedBefore(stream, started);
        List<RecordedEvent> events = guarded(kind, () -> read.get());
        if (events == null) {
            return;
        }
        findings.counters.inc("reads." + kind);
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            RecordedEvent event = events.get(i);
            if (event.sequenceNumber() != i + 1 || !seen.add(event.id()) || !event.stream().equals(stream)) {
                findings.violation("reads ordered and gap-free", kind + " of " + stream + " has sequence " + event.sequenceNumber() + " at index " + i);
                return;
            }
        }
        for (Ledger.Ack ack : mustSee) {
            if (!seen.contains(ack.id())) {
                findings.violation("no stale read", kind + " of " + stream + " began after " + ack.id() + " (sequence " + ack.sequence()
                        + ") was acknowledged but returned " + events.size() + " events");
                return;
            }
        }
    }

    private void snapshotAndReplay(StreamId stream) {
        long started = System.nanoTime();
        long known = ledger.ackedBefore(stream, started).stream().mapToLong(Ledger.Ack::sequence).max().orElse(0);
        if (known == 0) {
            return;
        }
        if (guarded("snapshot", () -> store.createSnapshot(new NewSnapshot(stream, known, Json.from(known), 1))) == null) {
            return;
        }
        findings.counters.inc("snapshots.created");
        Long replayed = guarded("replay", () -> store.replayEvents(stream.aggregateId(), stream.aggregateType(), COUNT));
        if (replayed != null) {
            findings.counters.inc("replays.from snapshot");
            if (replayed < known) {
                findings.violation("replays complete", "replay of " + stream + " counted " + replayed + " events, at least " + known + " acknowledged before");
            }
        }
        Long atSequence = guarded("state at sequence", () -> store.getStateAtSequence(stream.aggregateId(), stream.aggregateType(), COUNT, known));
        if (atSequence != null && atSequence != known) {
            findings.violation("replays complete", "state of " + stream + " at " + known + " counted " + atSequence);
        }
        if (random.nextInt(4) == 0) {
            guarded("prune snapshots", () -> store.pruneSnapshots(stream.aggregateId(), stream.aggregateType(), 2));
        }
    }

    private void replayStream(StreamId stream) {
        long started = System.nanoTime();
        OptionalLong known = ledger.ackedBefore(stream, started).stream().mapToLong(Ledger.Ack::sequence).max();
        Long processed = guarded("replay batches", () -> store.replayEventStream(EventQuery.forStream(stream), (batch, number) -> Mono.empty(),
                1 + random.nextInt(10)));
        if (processed != null) {
            findings.counters.inc("replays.batched");
            if (processed < known.orElse(0)) {
                findings.violation("replays complete", "batched replay of " + stream + " processed " + processed + " of at least " + known.getAsLong());
            }
        }
    }

    private List<NewEvent> events(StreamId stream, int n) {
        List<NewEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(event(stream));
        }
        return out;
    }

    private NewEvent event(StreamId stream) {
        return NewEvent.builder()
                .eventId(UUID.randomUUID())
                .stream(stream)
                .type(EVENT_TYPES[random.nextInt(EVENT_TYPES.length)])
                .createdBy(name)
                .payload(Map.of("worker", name, "n", payloadCounter.incrementAndGet(), "pad", "x".repeat(random.nextInt(200))))
                .build();
    }

    private <T> @Nullable T guarded(String operation, Supplier<Mono<T>> call) {
        try {
            return call.get().timeout(BOUND).block(BOUND.plusSeconds(5));
        } catch (Throwable raw) {
            findings.error(operation, Exceptions.unwrap(raw));
            return null;
        }
    }
}
