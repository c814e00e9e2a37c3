package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.model.StreamId;
import reactor.core.publisher.Mono;

/**
 * The port to per-aggregate sequence counters, the specification's {@code aggregate_sequences}.
 * {@link EventRepository#append} reserves through the same counters, inside its own write; the
 * store only reads them (a cache warm-up caches each stream's counter), so reading is all this
 * port asks for.
 *
 * <p>Reactive contract for implementations: every method is lazy, does its I/O on subscription,
 * emits exactly one value and reports failures as {@link
 * io.github.beatbrackerz.eventstore.error.StorageException} error signals, never by throwing.
 * It may signal on the driver's I/O thread and must not block.
 */
public interface SequenceRepository {

    /**
     * Reads a stream's counter: the highest sequence number reserved so far.
     *
     * @param stream the stream
     * @return the counter, {@code 0} for a stream that never reserved one
     */
    Mono<Long> currentSequence(StreamId stream);
}
