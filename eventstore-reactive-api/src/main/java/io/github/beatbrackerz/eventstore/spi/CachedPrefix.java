package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;

/**
 * A cached stream prefix read together with the ticket of the fill that may extend it.
 *
 * @param events the cached events {@code 1..S} in order; empty on a miss
 * @param ticket the ticket, opened no later than the read
 */
public record CachedPrefix(List<RecordedEvent> events, FillTicket ticket) {

    /**
     * Checks the parts and copies the events.
     *
     * @param events the cached events {@code 1..S} in order; empty on a miss
     * @param ticket the ticket, opened no later than the read
     */
    public CachedPrefix {
        events = List.copyOf(Require.notNull("events", events));
        Require.notNull("ticket", ticket);
    }
}
