package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.internal.Require;

/**
 * Marks where a cache fill began, so that an eviction or a clear that completes before the fill
 * writes makes the cache drop the fill: after {@link EventCache#evictAggregate} or {@link
 * EventCache#clear()} returns, no fill whose ticket was opened before it writes anything. A fill
 * opens its ticket ({@link EventCache#openFill}, or {@link EventCache#getAggregateEventsToFill}
 * together with its read) before it reads what it will write, and passes it to the write.
 *
 * @param token opaque to the service; empty for {@link #UNFENCED}
 */
public record FillTicket(String token) {

    /** The ticket of a cache that does not fence fills: its writes behave as the ticketless ones. */
    public static final FillTicket UNFENCED = new FillTicket("");

    /**
     * Checks the token.
     *
     * @param token opaque to the service; empty for {@link #UNFENCED}
     */
    public FillTicket {
        Require.notNull("token", token);
    }

    /** @return whether the cache checks this ticket when the fill writes */
    public boolean fenced() {
        return !token.isEmpty();
    }
}
