package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

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

    /** @return the distinct streams, in order of first appearance */
    public List<StreamId> streams() {
        return events.stream().map(NewEvent::stream).distinct().toList();
    }
}
