package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.ValidationResult;
import reactor.core.publisher.Mono;

/**
 * Statistics and integrity checks of one aggregate stream, computed in storage.
 *
 * <p>Reactive contract: every method is lazy (nothing is read before subscription), emits
 * exactly one value, and signals failures as errors: {@link
 * io.github.beatbrackerz.eventstore.error.ValidationException} for bad arguments, {@link
 * io.github.beatbrackerz.eventstore.error.StorageException} when storage fails. The value arrives
 * on the driver's event-loop thread (statistics the Redis cache serves, on a Lettuce I/O thread).
 * Both only read: cancelling leaves nothing behind and returns the connection to the pool.
 */
public interface AggregateInspection {

    /**
     * Counts and boundary events of an aggregate.
     *
     * @param stream the aggregate's stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @return the statistics; zero counts for an aggregate without events
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream or a name the read rules refuse
     */
    Mono<AggregateStats> getAggregateStats(StreamId stream);

    /**
     * The specification's form of {@link #getAggregateStats(StreamId)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return the statistics; zero counts for an aggregate without events
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a name the read rules of {@link StreamId#lookup} refuse
     */
    default Mono<AggregateStats> getAggregateStats(String aggregateId, String aggregateType) {
        return getAggregateStats(StreamId.lookup(aggregateId, aggregateType));
    }

    /**
     * Checks an aggregate's sequence numbers.
     *
     * @param stream the aggregate's stream; its names must satisfy the read rules of {@link StreamId#lookup}
     * @return the result; never errors for a damaged stream, it reports the damage
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null stream or a name the read rules refuse
     */
    Mono<ValidationResult> validateEventStream(StreamId stream);

    /**
     * The specification's form of {@link #validateEventStream(StreamId)}.
     *
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @return the result; never errors for a damaged stream, it reports the damage
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a name the read rules of {@link StreamId#lookup} refuse
     */
    default Mono<ValidationResult> validateEventStream(String aggregateId, String aggregateType) {
        return validateEventStream(StreamId.lookup(aggregateId, aggregateType));
    }
}
