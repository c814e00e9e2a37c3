package io.github.beatbrackerz.eventstore.micrometer;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.error.DuplicateEventException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * Instruments an event store with Micrometer: one observation per operation, which Micrometer's
 * meter handler turns into a timer (and a long task timer) and a tracing bridge into a span.
 *
 * <h2>Observations (timers)</h2>
 * Every observation has the tags {@code operation} (the method, for example {@code appendEvents})
 * and {@code outcome}, plus {@code error} (the exception's simple class name, or {@code none}) as
 * Micrometer's meter handler adds it:
 * <ul>
 *   <li>{@value #APPEND}: {@code appendEvent}, {@code appendEvents}; outcome {@code success},
 *   {@code conflict} (a {@code ConcurrencyConflictException}), {@code duplicate} (a {@code
 *   DuplicateEventException}), {@code error} or {@code cancelled}. An idempotent retry that finds
 *   its events stored is a {@code success}.</li>
 *   <li>{@value #READ}: {@code queryEvents}, {@code getAggregateEvents}, {@code getEventsByType},
 *   {@code getEvent}, {@code getLatestSnapshot}, {@code getAggregateStats}, {@code
 *   validateEventStream}, {@code readArchivedEvents}; outcome {@code success}, {@code error} or {@code cancelled} (a consumer
 *   that takes fewer events than a query would stream cancels it).</li>
 *   <li>{@value #REPLAY}: {@code replayEvents}, {@code getStateAtSequence}, {@code
 *   rebuildWithSnapshots}, {@code replayEventStream}, {@code replayBatches}.</li>
 *   <li>{@value #SNAPSHOT}: {@code createSnapshot}, {@code pruneSnapshots}.</li>
 *   <li>{@value #LIFECYCLE}: {@code deleteStream}, {@code truncateStreamBefore}, {@code archiveStream}.</li>
 *   <li>{@value #CACHE}: every call to the cache port, by method ({@code getAggregateEventsToFill},
 *   {@code getEvent}, {@code putAggregateEvents}, ...); outcome {@code hit} or {@code miss} for
 *   reads, {@code success} for writes, {@code timeout} when the call was cancelled before it
 *   answered (the store cancels a cache call when its time budget, {@code cacheTimeout}, runs out;
 *   a read whose own caller cancelled meanwhile counts here too) and {@code error}. The store
 *   treats every timeout and error as a miss.</li>
 * </ul>
 *
 * <h2>Meters</h2>
 * <ul>
 *   <li>{@value #APPENDED_EVENTS} (counter): events returned by successful appends.</li>
 *   <li>{@value #DELIVERY_DELAY} (timer): for each event a live subscription ({@code
 *   subscribeToSignals}, {@code subscribeToEvents}) delivers, the time from its {@code createdAt}
 *   to its delivery: the live delivery lag. With PostgreSQL, {@code createdAt} is the storing
 *   transaction's start by the database's clock, so the delay includes that transaction's duration
 *   and any clock skew between the database and this host.</li>
 *   <li>The durable subscriptions' gauges: see {@link DurableSubscriptionMeters}.</li>
 * </ul>
 *
 * <h2>Traces</h2>
 * Each observation's parent is the observation in the subscriber's Reactor context (key {@code
 * micrometer.observation}, where Spring WebFlux's server observation and Reactor's automatic
 * context propagation keep it), and the store's observation is put there for the work it does, so
 * the cache calls of a read are children of that read. Tags never hold an aggregate id, an event id
 * or a query.
 *
 * <h2>Cost</h2>
 * With a no-op {@link ObservationRegistry} (none configured), {@link #observe(EventStore,
 * ObservationRegistry, MeterRegistry)} and {@link #observe(EventCache, ObservationRegistry)} return
 * what they were given, undecorated: nothing is paid.
 */
public final class EventStoreObservations {

    /** Observation of appends. */
    public static final String APPEND = "eventstore.append";
    /** Observation of reads. */
    public static final String READ = "eventstore.read";
    /** Observation of replays. */
    public static final String REPLAY = "eventstore.replay";
    /** Observation of snapshot writes. */
    public static final String SNAPSHOT = "eventstore.snapshot";
    /** Observation of stream deletes, truncations and archives. */
    public static final String LIFECYCLE = "eventstore.lifecycle";
    /** Observation of cache calls. */
    public static final String CACHE = "eventstore.cache";
    /** Counter of appended events. */
    public static final String APPENDED_EVENTS = "eventstore.append.events";
    /** Timer of the delay from an event's {@code createdAt} to its live delivery. */
    public static final String DELIVERY_DELAY = "eventstore.subscriptions.delay";

    /** The tag naming the operation (the method). */
    public static final String TAG_OPERATION = "operation";
    /** The tag naming the outcome. */
    public static final String TAG_OUTCOME = "outcome";

    /** The work completed. */
    public static final String OUTCOME_SUCCESS = "success";
    /** The subscriber cancelled before the work completed. */
    public static final String OUTCOME_CANCELLED = "cancelled";
    /** The work failed, other than by the failures named by their own outcome. */
    public static final String OUTCOME_ERROR = "error";
    /** An append failed its expected version. */
    public static final String OUTCOME_CONFLICT = "conflict";
    /** An append's event id is stored for another event. */
    public static final String OUTCOME_DUPLICATE = "duplicate";
    /** The cache answered a read with a value. */
    public static final String OUTCOME_HIT = "hit";
    /** The cache answered a read with nothing. */
    public static final String OUTCOME_MISS = "miss";
    /** A cache call was cancelled before it answered: its time budget ran out. */
    public static final String OUTCOME_TIMEOUT = "timeout";

    private EventStoreObservations() {
    }

    /**
     * Decorates a store: appends, reads, replays and snapshot writes are observed, appended events
     * counted and live deliveries timed. Every method keeps the store's reactive contract (lazy,
     * argument errors thrown at call time, the same signals on the same threads); the observation
     * starts on subscription and stops on the first terminal signal or cancellation. Closing the
     * decorator closes the store.
     *
     * @param store the store to decorate
     * @param observations where observations go; when it is a no-op, {@code store} is returned as it is
     * @param meters where the appended-events counter and the delivery-delay timer go
     * @return the observed store, or {@code store} itself
     */
    public static EventStore observe(EventStore store, ObservationRegistry observations, MeterRegistry meters) {
        Require.notNull("store", store);
        Require.notNull("observations", observations);
        Require.notNull("meters", meters);
        return observations.isNoop() ? store : new ObservedEventStore(store, new Observed(observations), meters);
    }

    /**
     * Decorates a cache port: every call is observed as {@value #CACHE}. Hand the result to the
     * store's builder ({@code cache(...)}) in place of the cache. Every method delegates, defaults
     * included, so the cache's own optimisations (a one-round-trip {@code getAggregateEventsToFill},
     * a pipelined {@code putFills}) are kept.
     *
     * @param cache the cache to decorate
     * @param observations where observations go; when it is a no-op, or the cache is disabled
     *     ({@code enabled()} is {@code false}), {@code cache} is returned as it is
     * @return the observed cache, or {@code cache} itself
     */
    public static EventCache observe(EventCache cache, ObservationRegistry observations) {
        Require.notNull("cache", cache);
        Require.notNull("observations", observations);
        return observations.isNoop() || !cache.enabled() ? cache : new ObservedEventCache(cache, new Observed(observations));
    }

    static String appendFailure(Throwable error) {
        if (error instanceof ConcurrencyConflictException) {
            return OUTCOME_CONFLICT;
        }
        return error instanceof DuplicateEventException ? OUTCOME_DUPLICATE : OUTCOME_ERROR;
    }

    static String failure(Throwable error) {
        return OUTCOME_ERROR;
    }
}
