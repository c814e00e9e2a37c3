package io.github.beatbrackerz.eventstore.examples.customadapter;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What {@link LocalLruEventCache} keeps for one stream; immutable, replaced on every change. */
record StreamEntry(List<RecordedEvent> prefix, @Nullable Snapshot snapshot, @Nullable Long sequence, @Nullable AggregateStats stats) {

    static final StreamEntry EMPTY = new StreamEntry(List.of(), null, null, null);

    StreamEntry withPrefix(List<RecordedEvent> newPrefix) {
        return new StreamEntry(newPrefix, snapshot, sequence, stats);
    }

    StreamEntry withSnapshot(Snapshot newSnapshot) {
        return new StreamEntry(prefix, newSnapshot, sequence, stats);
    }

    StreamEntry withSequence(long newSequence) {
        return new StreamEntry(prefix, snapshot, newSequence, stats);
    }

    StreamEntry withStats(AggregateStats newStats) {
        return new StreamEntry(prefix, snapshot, sequence, newStats);
    }

    /** True when {@code events} are a stream's events {@code 1..S}, S at least 1: nothing else may be cached. */
    static boolean isPrefix(List<RecordedEvent> events) {
        return !events.isEmpty() && numberedFrom(events, 1);
    }

    /** True when {@code appended} starts right after {@code prefix} and is itself contiguous. */
    static boolean follows(List<RecordedEvent> prefix, List<RecordedEvent> appended) {
        return !prefix.isEmpty() && !appended.isEmpty() && numberedFrom(appended, prefix.size() + 1L);
    }

    private static boolean numberedFrom(List<RecordedEvent> events, long first) {
        long next = first;
        for (RecordedEvent event : events) {
            if (event.sequenceNumber() != next++) {
                return false;
            }
        }
        return true;
    }

    static List<RecordedEvent> concat(List<RecordedEvent> prefix, List<RecordedEvent> appended) {
        List<RecordedEvent> all = new ArrayList<>(prefix.size() + appended.size());
        all.addAll(prefix);
        all.addAll(appended);
        return List.copyOf(all);
    }
}
