package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.model.StreamId;
import reactor.core.publisher.Mono;

/**
 * The port to per-aggregate sequence counters, the specification's {@code aggregate_sequences}.
 * {@link EventRepository#append} reserves through the same counters.
 *
 * <p>Reactive contract for implementations: every method is lazy, does its I/O on subscription,
 * emits exactly one value and reports failures as {@link
 * io.github.beatbrackerz.eventstore.error.StorageException} error signals, never by throwing.
 * It may signal on the driver's I/O thread and must not block. A {@link #reserve} cancelled after
 * it was sent may still have advanced the counter.
 */
public interface SequenceRepository {

    /**
     * Reads a stream's counter: the highest sequence number reserved so far.
     *
     * @param stream the stream
     * @return the counter, {@code 0} for a stream that never reserved one
     */
    Mono<Long> currentSequence(StreamId stream);

    /**
     * Atomically reserves the next {@code count} sequence numbers of a stream. Concurrent callers
     * get disjoint, contiguous ranges.
     *
     * @param stream the stream
     * @param count how many numbers to reserve, 1 or more
     * @return the last reserved number; the first is {@code last - count + 1}
     */
    Mono<Long> reserve(StreamId stream, int count);
}
