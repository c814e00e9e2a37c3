package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.error.DuplicateEventException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the service hands to {@link EventRepository#append}: one or more events, every one with
 * an event id, and an optional expected version.
 *
 * @param events the events, in append order; not empty, each with a distinct event id
 * @param expectedVersion the concurrency condition; anything but {@link ExpectedVersion#any()}
 *     requires that all events belong to one stream
 */
public record AppendRequest(List<NewEvent> events, ExpectedVersion expectedVersion) {

    /**
     * Validates the request.
     *
     * @param events the events, in append order; not empty, each with a distinct event id
     * @param expectedVersion the concurrency condition; anything but {@link ExpectedVersion#any()}
     *     requires that all events belong to one stream
     * @throws ValidationException naming the bad field
     */
    public AppendRequest {
        Require.notNull("events", events);
        if (events.isEmpty()) {
            throw new ValidationException("events", "must not be empty");
        }
        Require.notNull("expectedVersion", expectedVersion);
        Set<UUID> ids = new HashSet<>();
        Set<StreamId> streams = new HashSet<>();
        for (NewEvent event : events) {
            Require.notNull("events", event);
            UUID id = Require.notNull("eventId", event.eventId());
            if (!ids.add(id)) {
                throw new ValidationException("eventId", "must be unique within a batch, " + id + " repeats");
            }
            streams.add(event.stream());
        }
        if (!expectedVersion.isAny() && streams.size() > 1) {
            throw new ValidationException("expectedVersion", "requires all events of the batch to belong to one stream");
        }
        events = List.copyOf(events);
    }

    /**
     * The idempotent-retry rule of {@link EventRepository#append}, in its one home: decides, from
     * what storage already holds under this request's event ids, whether the request is new, a
     * retry of an append that was stored, or a duplicate. Adapters look the ids up (inside the
     * append's transaction or after its unique violation) and hand the result here.
     *
     * @param stored looks up the stored event with an event id, or returns {@code null} when
     *     there is none
     * @return empty when none of the ids is stored (the request is new); the stored events in
     *     request order when every one is stored with the same stream and type (a retry, to be
     *     answered with them and nothing written)
     * @throws DuplicateEventException when an id is stored for another stream or type, or when the
     *     batch mixes stored and new ids
     */
    public Optional<List<RecordedEvent>> retriedAs(Function<UUID, @Nullable RecordedEvent> stored) {
        List<RecordedEvent> found = new ArrayList<>(events.size());
        @Nullable UUID missing = null;
        for (NewEvent event : events) {
            RecordedEvent existing = stored.apply(event.eventId());
            if (existing == null) {
                missing = missing == null ? event.eventId() : missing;
            } else if (!existing.stream().equals(event.stream()) || !existing.type().equals(event.type())) {
                throw new DuplicateEventException(event.eventId(), "it is a " + existing.type() + " event of stream " + existing.stream());
            } else {
                found.add(existing);
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (missing != null) {
            throw new DuplicateEventException(found.get(0).id(), "the batch mixes stored and new event ids, so it is neither new nor a retry");
        }
        return Optional.of(found);
    }

    /** @return the distinct streams, in order of first appearance */
    public List<StreamId> streams() {
        return events.stream().map(NewEvent::stream).distinct().toList();
    }
}
