package io.github.beatbrackerz.eventstore.examples.orders.web;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The {@code data:} of one Server-Sent Event.
 *
 * @param id the event id
 * @param type the event type
 * @param aggregateType the aggregate type
 * @param aggregateId the aggregate id
 * @param sequenceNumber the event's number within its aggregate
 * @param position the event's serialized position, also the SSE {@code id:}
 * @param createdAt when it was stored
 * @param payload the event's data
 */
public record EventView(UUID id, String type, String aggregateType, String aggregateId, long sequenceNumber, String position,
        Instant createdAt, JsonNode payload) {

    /**
     * @param event a stored event
     * @return its view; parses the payload
     */
    public static EventView of(RecordedEvent event) {
        return new EventView(event.id(), event.type(), event.aggregateType(), event.aggregateId(), event.sequenceNumber(),
                event.position().serialize(), event.createdAt(), event.payload().node());
    }
}
