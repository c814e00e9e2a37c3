package io.github.beatbrackerz.eventstore;

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
 */
public interface EventAppender {

    /**
     * Appends one event after whatever its stream holds.
     *
     * @param event the event
     * @return the stored event, after the write is durable
     */
    default Mono<RecordedEvent> appendEvent(NewEvent event) {
        return appendEvent(event, ExpectedVersion.any());
    }

    /**
     * Appends one event if its stream is at the expected version.
     *
     * @param event the event
     * @param expectedVersion the stream's version the caller expects
     * @return the stored event; errors with {@link
     *     io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException} on a mismatch,
     *     writing nothing
     */
    Mono<RecordedEvent> appendEvent(NewEvent event, ExpectedVersion expectedVersion);

    /**
     * Appends a batch atomically: all events or none. Events of one stream get consecutive
     * sequence numbers in list order; a batch may span streams.
     *
     * @param events the events, 1 or more
     * @return the stored events in list order, emitted after the whole batch is durable
     */
    default Flux<RecordedEvent> appendEvents(List<NewEvent> events) {
        return appendEvents(events, ExpectedVersion.any());
    }

    /**
     * Appends a batch of one stream atomically if the stream is at the expected version.
     *
     * @param events the events, 1 or more, all of one stream unless {@code expectedVersion} is any
     * @param expectedVersion the stream's version the caller expects
     * @return the stored events in list order; errors with {@link
     *     io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException} on a mismatch
     */
    Flux<RecordedEvent> appendEvents(List<NewEvent> events, ExpectedVersion expectedVersion);
}
