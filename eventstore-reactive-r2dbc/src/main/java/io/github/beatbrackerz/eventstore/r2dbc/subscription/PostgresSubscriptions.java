package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * Real-time delivery from PostgreSQL. The store tells it about its own appends through {@link
 * EventSubscriptionSource#appended}, which sends a coalesced {@code NOTIFY}.
 *
 * <h2>Delivery guarantees</h2>
 * Every subscriber receives every committed event that matches its filter exactly once, in
 * commit-safe order ({@code Position} order: writing transaction, then global position), which
 * keeps each aggregate's events in sequence order. Events are read from the table, never taken
 * from notifications: a NOTIFY is only a wake-up hint, and a poll timer ({@link
 * SubscriptionOptions#pollInterval()}) delivers what no hint announced, for example rows written
 * by raw SQL or by other libraries on the same tables.
 *
 * <h2>Where subscriptions start</h2>
 * {@code subscribe(filter)} is live. The subscriber gets {@code onSubscribe} at once and may cancel
 * at any time, also while PostgreSQL is unreachable. Its first element is {@link
 * io.github.beatbrackerz.eventstore.model.SubscriptionSignal.Ready}, sent once the engine knows the
 * commit-safe head (at once while other subscribers are active, after one query for the first
 * subscriber, after PostgreSQL answers if it is down); from then on every event that commits is
 * delivered. An event that committed shortly before may also be delivered, when an older
 * transaction was still open at that moment: {@code Ready.startsAfter()} says exactly where
 * delivery begins. {@code subscribeFrom(position, filter)} reads history from the position with
 * its own pages, buffers live events meanwhile, and switches to them without gap or duplicate. Use
 * it whenever a consumer must not miss an event, with the position of the last event it processed.
 *
 * <h2>Long transactions pause delivery</h2>
 * An event is delivered only once every transaction that started before it has ended, because
 * until then an earlier position could still commit. A transaction left open anywhere in the
 * PostgreSQL cluster (any database, including an idle-in-transaction session) therefore holds
 * back delivery of everything written after it started. {@link #lag()} measures it.
 *
 * <h2>Slow subscribers and threads</h2>
 * All subscribers share one reader. Each has its own buffer of {@link
 * SubscriptionOptions#bufferSize()} events; the reader never waits for a subscriber. A live
 * subscriber whose buffer is full receives what is buffered and then fails with {@link
 * io.github.beatbrackerz.eventstore.error.SubscriberOverflowException}, which carries the position
 * of the last event it was given: resume with {@code subscribeFrom(thatPosition, filter)} and
 * nothing is lost. The others are not affected. A subscriber still catching up never overflows:
 * it reads history again instead. Live events are handed out on a few {@code
 * Schedulers.parallel()} workers (subscribers are spread over one per core), history on the
 * driver's threads: both are non-blocking threads, so never block in {@code onNext}; use {@code
 * publishOn(Schedulers.boundedElastic())} for blocking work.
 *
 * <h2>Nothing waits without a bound</h2>
 * Every query of the engine (page reads, the head, lag, {@code NOTIFY}, {@code LISTEN}) is
 * abandoned when it makes no progress within {@link SubscriptionOptions#queryTimeout()}, for
 * example on a connection that died silently. A failed read is logged, shows as {@link
 * SubscriptionLag#readerStall()} in {@link #lag()}, and is retried on the next poll tick or
 * notification; delivery then resumes from the shared reader's position, losing nothing.
 *
 * <h2>Connections</h2>
 * Reads and NOTIFYs use the {@code queries} factory (pooled is fine). LISTEN needs one dedicated
 * session-level connection from the {@code listener} factory: an unpooled {@code
 * PostgresqlConnectionFactory} on a direct connection or a session-mode pooler (Supabase's
 * transaction-mode pooler does not support LISTEN). It is opened with the first subscriber,
 * probed every {@link SubscriptionOptions#heartbeatInterval()}, reconnected with backoff (and
 * the reader re-reads from its checkpoint after each reconnection), and closed when the last
 * subscriber leaves or {@link #close()} is called.
 */
public interface PostgresSubscriptions extends EventSubscriptionSource {

    /**
     * Creates the engine. Nothing connects until the first subscription.
     *
     * @param queries connections for reads and NOTIFY
     * @param listener connections for LISTEN: an unpooled r2dbc-postgresql factory
     * @param schema the store's schema, matching {@code [a-z_][a-z0-9_]{0,62}}
     * @param options tuning
     * @return the engine
     * @throws ValidationException if an argument is null, the schema malformed or the listener pooled
     */
    static PostgresSubscriptions create(ConnectionFactory queries, ConnectionFactory listener, String schema,
            SubscriptionOptions options) {
        Require.notNull("queries", queries);
        Require.notNull("listener", listener);
        SchemaName name = new SchemaName(schema);
        Require.notNull("options", options);
        if (!"PostgreSQL".equals(listener.getMetadata().getName()) || listener.getClass().getName().startsWith("io.r2dbc.pool.")) {
            throw new ValidationException("listener", "must be an unpooled r2dbc-postgresql ConnectionFactory");
        }
        return new PostgresSubscriptionEngine(queries, listener, name, options);
    }

    /** @return the schema whose events this engine delivers */
    String schema();

    /**
     * Measures how far live delivery trails the store, names the open transactions that hold it
     * back and says whether the shared reader is stalled. Lazy; reads on subscription.
     *
     * @return one measurement; errors with {@link io.github.beatbrackerz.eventstore.error.StorageException}
     *     if PostgreSQL cannot be queried within {@link SubscriptionOptions#queryTimeout()}
     */
    Mono<SubscriptionLag> lag();

    /**
     * Whether the dedicated {@code LISTEN} connection is established right now, for health checks.
     * It is open only while someone subscribes (see {@link #subscribers()}): {@code false} with no
     * subscriber is normal, {@code false} with subscribers means it is being reconnected. Does no
     * I/O; a snapshot.
     *
     * @return whether {@code LISTEN} is established
     */
    boolean isListening();

    /**
     * How many live and catch-up subscribers the engine serves right now, durable subscriptions'
     * feeds included. Does no I/O; a snapshot.
     *
     * @return the number of subscribers
     */
    int subscribers();
}
