package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;

/** The stock {@link PostgresSubscriptions}: a {@link LiveFeed} plus per-subscriber catch-up. */
final class PostgresSubscriptionEngine implements PostgresSubscriptions {

    private static final int DELIVERY_PREFETCH = 32;

    private final EventPageQuery query;
    private final LiveFeed feed;
    private final NotifySender notifier;
    private final SubscriptionOptions options;
    private final SchemaName schema;

    PostgresSubscriptionEngine(ConnectionFactory queries, ConnectionFactory listener, SchemaName schema, SubscriptionOptions options) {
        String channel = options.channel(schema.value());
        this.options = options;
        this.schema = schema;
        this.query = new EventPageQuery(queries, schema);
        this.feed = new LiveFeed(query, new NotificationListener(listener, channel, options), options);
        this.notifier = new NotifySender(queries, channel);
    }

    @Override
    public String schema() {
        return schema.value();
    }

    @Override
    public Flux<RecordedEvent> subscribe(EventFilter filter) {
        Require.notNull("filter", filter);
        return Flux.defer(() -> {
            SubscriberSlot slot = SubscriberSlot.live(filter, options.bufferSize());
            Mono<Void> ready = feed.register(slot);
            if (ready == null) {
                return Flux.<RecordedEvent>empty();
            }
            return afterStart(ready, slot.output().doFinally(signal -> feed.unregister(slot)));
        }).publishOn(Schedulers.boundedElastic(), DELIVERY_PREFETCH);
    }

    @Override
    public Flux<RecordedEvent> subscribeFrom(Position after, EventFilter filter) {
        Require.notNull("after", after);
        Require.notNull("filter", filter);
        return Flux.defer(() -> {
            SubscriberSlot slot = SubscriberSlot.catchingUp(filter, options.bufferSize());
            Mono<Void> ready = feed.register(slot);
            if (ready == null) {
                return Flux.<RecordedEvent>empty();
            }
            return ready.thenMany(history(slot, after, filter))
                    .takeUntilOther(feed.closed())
                    .concatWith(slot.output())
                    .doFinally(signal -> feed.unregister(slot));
        }).publishOn(Schedulers.boundedElastic(), DELIVERY_PREFETCH);
    }

    /**
     * Signals {@code onSubscribe} only once the feed knows where this live subscriber starts, so
     * that "after subscription" is exact: every event that commits after {@code onSubscribe} is
     * delivered. The first subscriber of a session waits for one query; later ones start at once.
     */
    private static Flux<RecordedEvent> afterStart(Mono<Void> ready, Flux<RecordedEvent> output) {
        return Flux.from(subscriber -> ready.subscribe(
                null,
                error -> Operators.error(subscriber, error),
                () -> output.subscribe(subscriber)));
    }

    /** Pages history until a short page, then hands over to the slot's live buffer. */
    private Flux<RecordedEvent> history(SubscriberSlot slot, Position after, EventFilter filter) {
        AtomicReference<Position> cursor = new AtomicReference<>(after);
        return Mono.defer(() -> query.page(cursor.get(), filter, options.pageSize()).collectList().map(events -> {
                    if (!events.isEmpty()) {
                        cursor.set(events.get(events.size() - 1).position());
                    }
                    boolean done = events.size() < options.pageSize() && slot.switchToLive(cursor.get());
                    return new Page(events, done);
                }))
                .repeat()
                .takeUntil(Page::last)
                .concatMapIterable(Page::events, 1);
    }

    @Override
    public void appended() {
        notifier.appended();
    }

    @Override
    public Mono<SubscriptionLag> lag() {
        return Mono.defer(() -> query.lag(feed.checkpoint()));
    }

    /**
     * Completes every subscriber (after what is already buffered for it), stops NOTIFYs and starts
     * closing the listener connection. Lazy and idempotent.
     */
    @Override
    public Mono<Void> close() {
        return Mono.fromRunnable(() -> {
            notifier.close();
            feed.close();
        });
    }

    /** For tests in this package: whether the shared reader has its start position and LISTEN is established. */
    boolean isLive() {
        return feed.checkpoint() != null && feed.isListening();
    }

    private record Page(List<RecordedEvent> events, boolean last) {
    }
}
