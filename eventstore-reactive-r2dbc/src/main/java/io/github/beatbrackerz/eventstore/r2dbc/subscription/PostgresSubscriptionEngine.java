package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.SubscriptionSignal;
import io.github.beatbrackerz.eventstore.r2dbc.internal.PositionTranslator;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.github.beatbrackerz.eventstore.r2dbc.internal.TransactionHorizon;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The stock {@link PostgresSubscriptions}: a {@link LiveFeed} plus per-subscriber catch-up. */
final class PostgresSubscriptionEngine implements PostgresSubscriptions {

    private final EventPageQuery query;
    private final PositionTranslator translator;
    private final LiveFeed feed;
    private final NotifySender notifier;
    private final SubscriptionOptions options;
    private final SchemaName schema;

    PostgresSubscriptionEngine(ConnectionFactory queries, ConnectionFactory listener, SchemaName schema, SubscriptionOptions options) {
        String channel = options.channel(schema.value());
        this.options = options;
        this.schema = schema;
        this.query = new EventPageQuery(queries, schema, options.queryTimeout());
        this.translator = new PositionTranslator(queries, schema);
        Mono<Void> horizon = new TransactionHorizon(queries, schema).verify().timeout(options.queryTimeout());
        this.feed = new LiveFeed(query, horizon, new NotificationListener(listener, channel, options), options);
        this.notifier = new NotifySender(queries, channel, options.queryTimeout());
    }

    @Override
    public String schema() {
        return schema.value();
    }

    @Override
    public Flux<SubscriptionSignal> subscribe(EventFilter filter) {
        Require.notNull("filter", filter);
        return Flux.defer(() -> {
            SubscriberSlot slot = SubscriberSlot.live(filter, options.bufferSize());
            if (feed.register(slot) == null) {
                return Flux.<SubscriptionSignal>empty();
            }
            return slot.output().doFinally(signal -> feed.unregister(slot));
        });
    }

    @Override
    public Flux<RecordedEvent> subscribeFrom(Position after, EventFilter filter) {
        Require.notNull("after", after);
        Require.notNull("filter", filter);
        return Flux.defer(() -> {
            SubscriberSlot slot = SubscriberSlot.catchingUp(filter, options.bufferSize());
            Mono<Void> started = feed.register(slot);
            if (started == null) {
                return Flux.<RecordedEvent>empty();
            }
            // History starts once the feed knows where it stands, so the two overlap and nothing falls between them.
            // A checkpoint taken before the store's positions were rebased (after a move) is translated first.
            return started.then(translator.translate(after).timeout(options.queryTimeout()))
                    .flatMapMany(from -> history(slot, from, filter))
                    .takeUntilOther(feed.closed())
                    .concatWith(slot.output().ofType(RecordedEvent.class))
                    .doFinally(signal -> feed.unregister(slot));
        });
    }

    /**
     * Pages history until a short page and, once the subscriber has taken that page, hands over to
     * the slot's live buffer; reads on if live events were dropped since that page's read began.
     * The hand-over waits for the subscriber (not the page read) so that live events never wait in
     * the bounded buffer while a slow subscriber still works through history.
     */
    private Flux<RecordedEvent> history(SubscriberSlot slot, Position after, EventFilter filter) {
        AtomicReference<Position> cursor = new AtomicReference<>(after);
        AtomicLong dropsBeforeLastRead = new AtomicLong();
        return Mono.defer(() -> {
                    long drops = slot.drops();
                    return query.page(cursor.get(), filter, options.pageSize()).collectList().map(events -> {
                        if (!events.isEmpty()) {
                            cursor.set(events.get(events.size() - 1).position());
                        }
                        dropsBeforeLastRead.set(drops);
                        return new Page(events, events.size() < options.pageSize());
                    });
                })
                .repeat()
                .takeUntil(Page::last)
                .concatMapIterable(Page::events, 1)
                .concatWith(Flux.defer(() -> slot.switchToLive(cursor.get(), dropsBeforeLastRead.get())
                        ? Flux.<RecordedEvent>empty()
                        : history(slot, cursor.get(), filter)));
    }

    /** Sends the coalesced {@code NOTIFY} that wakes every engine on the database. */
    @Override
    public void appended(List<RecordedEvent> stored) {
        notifier.appended();
    }

    @Override
    public Mono<SubscriptionLag> lag() {
        return Mono.defer(() -> query.lag(feed.delivered(), feed.stall()));
    }

    @Override
    public boolean isListening() {
        return feed.isListening();
    }

    @Override
    public int subscribers() {
        return feed.subscribers();
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

    /** For tests in this package: why the shared reader's reads fail, or {@code null} while they succeed. */
    @Nullable ReaderStall readerStall() {
        return feed.stall();
    }

    private record Page(List<RecordedEvent> events, boolean last) {
    }
}
