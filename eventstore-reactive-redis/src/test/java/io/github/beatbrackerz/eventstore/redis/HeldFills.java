package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import io.github.beatbrackerz.eventstore.tck.ForwardingEventCache;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Delegates to a cache, and once {@link #arm() armed} holds the next ticketed fill (stream,
 * snapshot, stats or a warm-up batch) between its read and its write until {@link #release()}: a test then runs a
 * clear or an eviction in that window, deterministically. With {@code fenced} false it passes
 * {@link FillTicket#UNFENCED} on, which is how fills behaved before tickets, so the same test
 * shows the race it guards against.
 */
final class HeldFills extends ForwardingEventCache {

    final CountDownLatch arrived = new CountDownLatch(1);
    private final Sinks.Empty<Void> released = Sinks.empty();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final boolean fenced;

    HeldFills(EventCache delegate, boolean fenced) {
        super(delegate);
        this.fenced = fenced;
    }

    /** Holds the next ticketed fill. */
    void arm() {
        armed.set(true);
    }

    /** Lets the held fill write. */
    void release() {
        released.tryEmitEmpty();
    }

    private Mono<Void> held(Mono<Void> write) {
        return Mono.defer(() -> {
            if (!armed.compareAndSet(true, false)) {
                return write;
            }
            arrived.countDown();
            return released.asMono().then(write);
        });
    }

    private FillTicket pass(FillTicket ticket) {
        return fenced ? ticket : FillTicket.UNFENCED;
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix, FillTicket ticket) {
        return held(super.putAggregateEvents(stream, prefix, pass(ticket)));
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot, FillTicket ticket) {
        return held(super.putLatestSnapshot(snapshot, pass(ticket)));
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats, FillTicket ticket) {
        return held(super.putStats(stats, pass(ticket)));
    }

    @Override
    public Mono<Void> putFills(List<CacheFill> fills) {
        return held(super.putFills(fills.stream().map(fill -> new CacheFill(fill.stream(), fill.prefix(), fill.snapshot(),
                fill.sequence(), pass(fill.ticket()))).toList()));
    }
}
