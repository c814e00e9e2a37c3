package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.SequenceRepository;
import reactor.core.publisher.Mono;

/** {@link SequenceRepository} over the counters that {@link InMemoryStorage#append} also uses. */
final class InMemorySequenceRepository implements SequenceRepository {

    private final InMemoryStorage storage;

    InMemorySequenceRepository(InMemoryStorage storage) {
        this.storage = storage;
    }

    @Override
    public Mono<Long> currentSequence(StreamId stream) {
        return Mono.fromCallable(() -> storage.counter(stream));
    }
}
