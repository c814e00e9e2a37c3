package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams the workload writes to: a fixed number of active slots, each replaced by a fresh
 * stream once it holds {@code maxLength} acknowledged events, so whole-stream reads stay bounded
 * however long the soak runs. Retired streams stay in the database and are checked at the end.
 */
final class StreamPool {

    private static final String[] TYPES = {"order", "cart", "account"};

    private final List<StreamId> active = new ArrayList<>();
    private final List<StreamId> all = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final int maxLength;

    StreamPool(int slots, int maxLength) {
        this.maxLength = maxLength;
        for (int i = 0; i < slots; i++) {
            active.add(fresh());
        }
    }

    synchronized StreamId pick(Random random) {
        return active.get(random.nextInt(active.size()));
    }

    /** Retires a stream that has grown long enough. */
    synchronized void grew(StreamId stream, long length) {
        int slot = active.indexOf(stream);
        if (slot >= 0 && length >= maxLength) {
            active.set(slot, fresh());
        }
    }

    synchronized List<StreamId> all() {
        return List.copyOf(all);
    }

    private StreamId fresh() {
        int n = next.getAndIncrement();
        StreamId stream = StreamId.of("agg-" + n, TYPES[n % TYPES.length]);
        all.add(stream);
        return stream;
    }
}
