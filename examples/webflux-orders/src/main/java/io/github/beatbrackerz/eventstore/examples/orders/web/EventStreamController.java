package io.github.beatbrackerz.eventstore.examples.orders.web;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.examples.orders.OrdersProperties;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /events/stream}: the store's events as Server-Sent Events, each with its position as
 * {@code id:} and its type as {@code event:}.
 *
 * <p>Without {@code Last-Event-ID} the stream is the store's hot subscription: a {@code
 * subscribed} comment once it is established, then every event committed from then on. With it (browsers' {@code EventSource} send it when they reconnect) the stream
 * resumes through the catch-up subscription: every matching event after that position, then live,
 * with no gap and no duplicate. A client that falls too far behind sees its stream end, and
 * resumes the same way.
 */
@RestController
public class EventStreamController {

    private static final long RETRY_MILLIS = 3_000;
    /** Marks the end of the events, so that the heartbeats end with them. */
    private static final ServerSentEvent<EventView> END = ServerSentEvent.<EventView>builder().comment("end").build();

    private final EventStore store;
    private final OrdersProperties properties;

    EventStreamController(EventStore store, OrdersProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /**
     * Streams events until the client disconnects or the application stops. Query parameters
     * narrow the stream and combine with AND; {@code type} may repeat and matches any of them.
     *
     * @param lastEventId the {@code id:} of the last event the client received, to resume after it
     * @param aggregateType only this aggregate type, for example {@code Order}
     * @param aggregateId only this aggregate
     * @param types only these event types
     * @param correlationId only the events with this correlation id
     * @return the events, after a first comment line sent once the subscription is established,
     *     with a comment line every {@code orders.sse-heartbeat}
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (400) for a malformed
     *     {@code Last-Event-ID} (field {@code position}) or filter value
     */
    @GetMapping(path = "/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<EventView>> stream(
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @RequestParam(required = false) @Nullable String aggregateType,
            @RequestParam(required = false) @Nullable String aggregateId,
            @RequestParam(name = "type", required = false) @Nullable List<String> types,
            @RequestParam(required = false) @Nullable String correlationId) {
        EventFilter filter = new EventFilter(aggregateId, aggregateType, types == null ? Set.of() : Set.copyOf(types), correlationId);
        Flux<ServerSentEvent<EventView>> events = lastEventId == null || lastEventId.isBlank()
                ? store.subscribeToSignals(filter).map(EventStreamController::signalToSse)
                : store.subscribeFrom(Position.parse(lastEventId.strip()), filter).map(EventStreamController::toSse).startWith(opening());
        return withHeartbeats(events);
    }

    /**
     * Adds a comment every {@code orders.sse-heartbeat} while the events last: the events end with
     * a marker that ends the merge.
     */
    private Flux<ServerSentEvent<EventView>> withHeartbeats(Flux<ServerSentEvent<EventView>> events) {
        Flux<ServerSentEvent<EventView>> heartbeats = Flux.interval(properties.sseHeartbeat())
                .map(tick -> ServerSentEvent.<EventView>builder().comment("keep-alive").build());
        return Flux.merge(events.concatWith(Mono.just(END)), heartbeats).takeWhile(sse -> sse != END);
    }

    /**
     * The first comment, once the subscription is established (it also tells browsers to
     * reconnect after {@value #RETRY_MILLIS} ms and commits the response headers at once).
     */
    private static ServerSentEvent<EventView> opening() {
        return ServerSentEvent.<EventView>builder().comment("subscribed").retry(Duration.ofMillis(RETRY_MILLIS)).build();
    }

    private static ServerSentEvent<EventView> signalToSse(SubscriptionSignal signal) {
        return signal instanceof RecordedEvent event ? toSse(event) : opening();
    }

    private static ServerSentEvent<EventView> toSse(RecordedEvent event) {
        return ServerSentEvent.<EventView>builder()
                .id(event.position().serialize())
                .event(event.type())
                .data(EventView.of(event))
                .build();
    }
}
