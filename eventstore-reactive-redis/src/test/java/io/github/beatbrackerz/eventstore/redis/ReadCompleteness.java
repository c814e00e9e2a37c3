package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import reactor.core.publisher.Mono;

/**
 * The cache's promise, checked under load: a read holds every event whose append completed before
 * the read began. Records the highest completed sequence number per stream and checks each read
 * against what had completed when it was subscribed; violations are collected, not thrown.
 */
final class ReadCompleteness {

    private final List<StreamId> streams;
    private final AtomicLongArray completed;
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger reads = new AtomicInteger();

    ReadCompleteness(List<StreamId> streams) {
        this.streams = List.copyOf(streams);
        this.completed = new AtomicLongArray(streams.size());
    }

    /** Records that an append to stream {@code index} completed with {@code lastSequence}. */
    void appended(int index, long lastSequence) {
        completed.accumulateAndGet(index, lastSequence, Math::max);
    }

    /** @return the highest sequence number of stream {@code index} whose append completed */
    long completed(int index) {
        return completed.get(index);
    }

    /** Reads stream {@code index} through {@code store} and checks it holds 1..n, n at least what had completed before. */
    Mono<Void> read(EventStore store, int index) {
        StreamId stream = streams.get(index);
        return Mono.defer(() -> {
            long completedBefore = completed.get(index);
            return store.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).collectList()
                    .doOnNext(events -> check(stream, events, completedBefore)).then();
        });
    }

    private void check(StreamId stream, List<RecordedEvent> events, long completedBefore) {
        reads.incrementAndGet();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).sequenceNumber() != i + 1) {
                violations.add(stream + ": sequence " + events.get(i).sequenceNumber() + " at position " + (i + 1));
                return;
            }
        }
        if (events.size() < completedBefore) {
            violations.add(stream + ": read " + events.size() + " events, but " + completedBefore + " had completed before the read");
        }
    }

    /** @return the violations found so far */
    List<String> violations() {
        return List.copyOf(violations);
    }

    /** @return how many reads were checked */
    int reads() {
        return reads.get();
    }
}
