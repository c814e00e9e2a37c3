package io.github.beatbrackerz.eventstore.tck;

import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.Map;
import java.util.UUID;

/**
 * New events for tests, so that each test names only what matters to it: the stream, the type
 * and, when it matters, the payload. Every event gets a fresh event id and {@code createdBy}
 * {@value #CREATED_BY}.
 */
public final class TestEvents {

    /** Who the events are created by. */
    public static final String CREATED_BY = "test";

    private TestEvents() {
    }

    /**
     * @param stream the stream
     * @param type the event type
     * @return an event with the payload {@code {"n":1}}
     */
    public static NewEvent event(StreamId stream, String type) {
        return event(stream, type, Map.of("n", 1));
    }

    /**
     * @param stream the stream
     * @param type the event type
     * @param payload the payload, serialized as JSON
     * @return the event
     */
    public static NewEvent event(StreamId stream, String type, Object payload) {
        return NewEvent.builder().eventId(UUID.randomUUID()).stream(stream).type(type).createdBy(CREATED_BY).payload(payload).build();
    }

    /**
     * @param aggregateId the aggregate id
     * @param aggregateType the aggregate type
     * @param type the event type
     * @param payload the payload, serialized as JSON
     * @return the event
     */
    public static NewEvent event(String aggregateId, String aggregateType, String type, Object payload) {
        return event(StreamId.of(aggregateId, aggregateType), type, payload);
    }
}
