package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends events, assigning sequence numbers per aggregate.
 *
 * <p>Arguments are checked when the method is called ({@link
 * io.github.beatbrackerz.eventstore.error.ValidationException}); event ids are assigned then too,
 * so retrying the returned publisher never stores an event twice. Nothing is written before
 * subscription.
 *
 * <p>Reactive contract of every method here: lazy; each subscription sends one write statement
 * (a batch too), followed by a read only when the outcome needs explaining (an idempotent retry,
 * a conflict). The result is emitted only after the write is durable: first the events are
 * committed, then (when the store has a cache) the cache is updated, then the events are emitted,
 * on the thread that finished the last step: the driver's event-loop thread, or with the Redis
 * cache a Lettuce I/O thread ({@code Schedulers.parallel()} if the cache update timed out). Errors:
 * {@link io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException} (retryable: reload
 * and decide again), {@link io.github.beatbrackerz.eventstore.error.DuplicateEventException},
 * {@link io.github.beatbrackerz.eventstore.error.ValidationException} for JSON that PostgreSQL's
 * {@code jsonb} cannot hold (the escape of a NUL character, an unpaired surrogate escape), {@link io.github.beatbrackerz.eventstore.error.StorageException}
 * when the database fails; nothing is written in any of these cases except a {@code
 * StorageException} that arrives after the statement was sent, whose outcome is unknown.
 *
 * <p>Cancellation: an append cancelled before subscription reaches the database writes nothing.
 * Cancelled after its statement was sent, it may still commit (PostgreSQL is not asked to stop
 * it); the cache is then not updated and live subscribers learn of the events at the next poll
 * instead of at once. To learn the outcome, subscribe to the same publisher again (or append the
 * same {@code NewEvent}s, whose ids are fixed): if the first attempt committed, the retry emits the
 * stored events without writing anything.
 */
public interface EventAppender {

    /**
     * Appends one event after whatever its stream holds.
     *
     * @param event the event
     * @return lazy; emits the stored event, with its sequence number and position, once the write is
     *     durable; errors as described for the interface
     */
    default Mono<RecordedEvent> appendEvent(NewEvent event) {
        return appendEvent(event, ExpectedVersion.any());
    }

    /**
     * Appends one event if its stream is at the expected version: {@link #appendEvents(List,
     * ExpectedVersion)} with a batch of one.
     *
     * @param event the event
     * @param expectedVersion the stream's version the caller expects
     * @return lazy; emits the stored event once the write is durable; errors with {@link
     *     io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException} on a mismatch,
     *     writing nothing, and otherwise as described for the interface
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException for a null argument
     */
    default Mono<RecordedEvent> appendEvent(NewEvent event, ExpectedVersion expectedVersion) {
        Require.notNull("event", event);
        return appendEvents(List.of(event), expectedVersion).next();
    }

    /**
     * Appends a batch atomically: all events or none. Events of one stream get consecutive
     * sequence numbers in list order; a batch may span streams.
     *
     * @param events the events, 1 or more
     * @return lazy; the stored events in list order, all emitted after the whole batch is durable;
     *     errors as described for the interface, with nothing emitted before the error
     */
    default Flux<RecordedEvent> appendEvents(List<NewEvent> events) {
        return appendEvents(events, ExpectedVersion.any());
    }

    /**
     * Appends a batch of one stream atomically if the stream is at the expected version.
     *
     * @param events the events, 1 or more, all of one stream unless {@code expectedVersion} is any
     * @param expectedVersion the stream's version the caller expects
     * @return lazy; the stored events in list order, all emitted after the whole batch is durable;
     *     errors with {@link io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException}
     *     on a mismatch, writing nothing, and otherwise as described for the interface
     */
    Flux<RecordedEvent> appendEvents(List<NewEvent> events, ExpectedVersion expectedVersion);
}
