package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the workload was told: every acknowledged event (with when its append started and when it
 * was acknowledged), and every batch whose append finally failed. The invariants compare it
 * with the database and the subscribers.
 */
final class Ledger {

    /** An acknowledged event. Times are {@link System#nanoTime()}. */
    record Ack(UUID id, StreamId stream, long sequence, long startedNanos, long ackedNanos) {
    }

    private final Map<UUID, Ack> acked = new ConcurrentHashMap<>();
    private final Map<StreamId, Collection<Ack>> byStream = new ConcurrentHashMap<>();
    private final Collection<List<UUID>> failedBatches = new ConcurrentLinkedQueue<>();
    private final Collection<String> duplicateAcks = new ConcurrentLinkedQueue<>();

    void acknowledged(List<RecordedEvent> events, long startedNanos) {
        long now = System.nanoTime();
        for (RecordedEvent event : events) {
            Ack ack = new Ack(event.id(), event.stream(), event.sequenceNumber(), startedNanos, now);
            Ack previous = acked.putIfAbsent(event.id(), ack);
            if (previous != null) {
                duplicateAcks.add(event.id() + " acknowledged twice");
                continue;
            }
            byStream.computeIfAbsent(event.stream(), k -> new ConcurrentLinkedQueue<>()).add(ack);
        }
    }

    void failed(List<UUID> ids) {
        failedBatches.add(List.copyOf(ids));
    }

    /** Acknowledged events of a stream whose append completed before {@code nanos}. */
    List<Ack> ackedBefore(StreamId stream, long nanos) {
        List<Ack> out = new ArrayList<>();
        for (Ack ack : byStream.getOrDefault(stream, List.of())) {
            if (ack.ackedNanos() < nanos) {
                out.add(ack);
            }
        }
        return out;
    }

    OptionalLong lastAckedSequence(StreamId stream) {
        return byStream.getOrDefault(stream, List.of()).stream().mapToLong(Ack::sequence).max();
    }

    int length(StreamId stream) {
        return byStream.getOrDefault(stream, List.of()).size();
    }

    Collection<Ack> allAcked() {
        return acked.values();
    }

    Collection<List<UUID>> failedBatches() {
        return failedBatches;
    }

    Collection<String> duplicateAcks() {
        return duplicateAcks;
    }
}
