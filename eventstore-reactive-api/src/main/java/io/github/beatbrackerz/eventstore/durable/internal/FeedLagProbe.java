package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.EventSubscriptions;
import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.Segments;
import io.github.beatbrackerz.eventstore.durable.spi.EventLagProbe;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Measures lag by reading the feed from the checkpoint up to the head the live feed reports. Exact
 * for a store whose head is always an event's position (the in-memory store); for others it gives
 * up after {@value #GIVE_UP_SECONDS} s and reports nothing.
 */
public final class FeedLagProbe implements EventLagProbe {

    private static final int GIVE_UP_SECONDS = 2;

    private final EventSubscriptions events;

    /** @param events the store whose feed is read */
    public FeedLagProbe(EventSubscriptions events) {
        this.events = events;
    }

    @Override
    public Mono<DurableStatus.Lag> lag(EventFilter filter, int segment, int segmentCount, Position checkpoint) {
        return events.subscribeToSignals(EventFilter.all()).ofType(SubscriptionSignal.Ready.class).next()
                .map(SubscriptionSignal.Ready::startsAfter)
                .flatMap(head -> head.isAfter(checkpoint) ? count(filter, segment, segmentCount, checkpoint, head) : Mono.just(DurableStatus.Lag.NONE))
                .timeout(Duration.ofSeconds(GIVE_UP_SECONDS), Mono.empty());
    }

    private Mono<DurableStatus.Lag> count(EventFilter filter, int segment, int segmentCount, Position checkpoint, Position head) {
        return events.subscribeFrom(checkpoint, EventFilter.all())
                .takeUntil(event -> event.position().compareTo(head) >= 0)
                .filter(event -> filter.matches(event) && Segments.of(event.stream(), segmentCount) == segment)
                .take(LIMIT + 1L)
                .reduce(new Tally(0, null), Tally::add)
                .map(tally -> new DurableStatus.Lag(Math.min(tally.count(), LIMIT), tally.count() > LIMIT,
                        tally.oldest() == null ? Duration.ZERO : positive(Duration.between(tally.oldest(), Instant.now()))));
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private record Tally(long count, @Nullable Instant oldest) {
        Tally add(RecordedEvent event) {
            return new Tally(count + 1, oldest == null ? event.createdAt() : oldest);
        }
    }
}
