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

    /** True when {@code appended} starts right after {@code prefix} and is itself contiguous. */
    static boolean follows(List<RecordedEvent> prefix, List<RecordedEvent> appended) {
        long next = prefix.size() + 1L;
        for (RecordedEvent event : appended) {
            if (event.sequenceNumber() != next++) {
                return false;
            }
        }
        return !prefix.isEmpty() && !appended.isEmpty();
    }

    static List<RecordedEvent> concat(List<RecordedEvent> prefix, List<RecordedEvent> appended) {
        List<RecordedEvent> all = new ArrayList<>(prefix.size() + appended.size());
        all.addAll(prefix);
        all.addAll(appended);
        return List.copyOf(all);
    }
}
