package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.CacheConsistency;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.ClassUtils;

/**
 * The event store's settings, bound from {@code eventstore.*}. Unknown properties under {@code
 * eventstore} and values the library rejects fail the binding, with a message naming the property.
 * A tuning value left unset keeps the library's default (named in each property's description).
 *
 * @param enabled whether the starter configures the event store at all
 * @param schema the PostgreSQL schema of the store's tables (matching {@code [a-z_][a-z0-9_]{0,62}})
 * @param initializeSchema whether to create or upgrade the tables when the application starts (under
 *     the migrations' advisory lock, so concurrent instances are safe)
 * @param pageSize rows per keyset page when streaming queries and replays, 1 to 100,000 (library
 *     default 2,000)
 * @param instanceName this instance's name in the durable subscriptions' owner ids (default {@code
 *     pid<process id>}), for example the pod name
 * @param appends how concurrent appends are coalesced
 * @param subscriptions the real-time subscriptions (LISTEN/NOTIFY)
 * @param cache the optional Redis cache
 * @param health the Actuator health checks
 * @param observations the Micrometer observations
 */
@ConfigurationProperties(prefix = "eventstore", ignoreUnknownFields = false)
public record EventStoreProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("public") String schema,
        @DefaultValue("true") boolean initializeSchema,
        @Nullable Integer pageSize,
        @Nullable String instanceName,
        @DefaultValue Appends appends,
        @DefaultValue Subscriptions subscriptions,
        @DefaultValue Cache cache,
        @DefaultValue Health health,
        @DefaultValue Observations observations) {

    private static final String REDIS_OPTIONS = "io.github.beatbrackerz.eventstore.redis.RedisCacheOptions";

    /**
     * Validates every value with the library's own rules.
     *
     * @param enabled see the record's description
     * @param schema see the record's description
     * @param initializeSchema see the record's description
     * @param pageSize see the record's description
     * @param instanceName see the record's description
     * @param appends see the record's description
     * @param subscriptions see the record's description
     * @param cache see the record's description
     * @param health see the record's description
     * @param observations see the record's description
     * @throws IllegalArgumentException naming the property whose value is rejected
     */
    public EventStoreProperties {
        String checkedSchema = schema;
        PropertyCheck.named("eventstore.schema", () -> new SchemaName(checkedSchema));
        if (pageSize != null) {
            int rows = pageSize;
            if (rows < 1 || rows > 100_000) {
                throw new IllegalArgumentException("eventstore.page-size must be 1 to 100,000, was " + rows);
            }
        }
        if (instanceName != null && instanceName.isBlank()) {
            throw new IllegalArgumentException("eventstore.instance-name must not be blank");
        }
        subscriptions.options();
        cache.storeOptions();
        if (ClassUtils.isPresent(REDIS_OPTIONS, EventStoreProperties.class.getClassLoader())) {
            RedisCacheSettings.options(cache);
        }
    }

    /**
     * Applies the schema, the page size and the append coalescing to a builder.
     *
     * @param builder the store's builder
     * @throws IllegalArgumentException naming the property whose value the builder rejects
     */
    void applyTo(R2dbcEventStoreBuilder builder) {
        builder.schema(schema);
        if (pageSize != null) {
            builder.pageSize(pageSize);
        }
        appends.applyTo(builder);
    }

    /**
     * Append coalescing ({@code eventstore.appends.*}): while the statements in flight are busy,
     * the appends that arrive wait and are then sent together as one statement, each keeping its
     * own semantics (see {@code R2dbcEventStoreBuilder.coalesceAppends}). The ranges are the
     * builder's and are checked when the store is configured, at start-up.
     *
     * @param coalescing whether to coalesce concurrent appends (default true, the library's default)
     * @param statementsInFlight append statements at once before appends wait, 1 to 1,000 (library default 2)
     * @param maxQueued appends that may wait; more are refused with the retryable {@code
     *     AppendQueueFullException}, 1 to 1,000,000 (library default 10,000)
     */
    public record Appends(
            @DefaultValue("true") boolean coalescing,
            @Nullable Integer statementsInFlight,
            @Nullable Integer maxQueued) {

        /**
         * Checks that the values can all take effect.
         *
         * @param coalescing see the record's description
         * @param statementsInFlight see the record's description
         * @param maxQueued see the record's description
         * @throws IllegalArgumentException when a tuning value is set while coalescing is off
         */
        public Appends {
            if (!coalescing && (statementsInFlight != null || maxQueued != null)) {
                throw new IllegalArgumentException("eventstore.appends.statements-in-flight and eventstore.appends.max-queued"
                        + " have no effect when eventstore.appends.coalescing is false");
            }
        }

        void applyTo(R2dbcEventStoreBuilder builder) {
            if (!coalescing) {
                builder.withoutAppendCoalescing();
            } else if (statementsInFlight != null || maxQueued != null) {
                int inFlight = statementsInFlight == null ? R2dbcEventStoreBuilder.DEFAULT_APPEND_STATEMENTS_IN_FLIGHT : statementsInFlight;
                int queued = maxQueued == null ? R2dbcEventStoreBuilder.DEFAULT_MAX_QUEUED_APPENDS : maxQueued;
                PropertyCheck.byField("eventstore.appends.", () -> builder.coalesceAppends(inFlight, queued));
            }
        }
    }

    /** How the store offers real-time subscriptions. */
    public enum Mode {
        /** The LISTEN/NOTIFY engine (the default). */
        LISTEN_NOTIFY,
        /** No real-time subscriptions: no live feed and no durable subscriptions (for example behind a transaction pooler without a direct connection). */
        DISABLED
    }

    /** The status the health check reports when a lag exceeds its threshold. */
    public enum LagStatus {
        /** {@code OUT_OF_SERVICE} (the default): take the instance out of rotation, do not restart it. */
        OUT_OF_SERVICE,
        /** {@code DOWN}. */
        DOWN
    }

    /**
     * Real-time subscriptions ({@code eventstore.subscriptions.*}); unset tuning keeps the library's {@code SubscriptionOptions} default.
     *
     * @param mode {@code listen-notify} (default) or {@code disabled}
     * @param listenerUrl an R2DBC URL for the one {@code LISTEN} connection, for example a direct or
     *     session-mode connection when {@code spring.r2dbc.url} goes through Supabase's transaction-mode pooler
     *     (port 6543), which does not support {@code LISTEN}; default: Boot's connection factory, unpooled
     * @param pollInterval how often the engine reads without a notification (library default 500 ms)
     * @param pageSize events per read, 1 to 10,000 (library default 500)
     * @param heartbeatInterval how often the listener connection is probed (library default 5 s)
     * @param reconnectBackoffMin the first reconnection delay (library default 100 ms)
     * @param reconnectBackoffMax the longest reconnection delay (library default 10 s)
     * @param bufferSize events that may wait for one live subscriber, 1 to 1,048,576 (library default 8,192)
     * @param queryTimeout how long one engine query may go without progress (library default 10 s)
     * @param channel the NOTIFY channel (library default {@code <schema>_events})
     */
    public record Subscriptions(
            @DefaultValue("listen-notify") Mode mode,
            @Nullable String listenerUrl,
            @Nullable Duration pollInterval,
            @Nullable Integer pageSize,
            @Nullable Duration heartbeatInterval,
            @Nullable Duration reconnectBackoffMin,
            @Nullable Duration reconnectBackoffMax,
            @Nullable Integer bufferSize,
            @Nullable Duration queryTimeout,
            @Nullable String channel) {

        /**
         * @return the engine's options from the set values and the library's defaults
         * @throws IllegalArgumentException naming the property whose value is rejected
         */
        public SubscriptionOptions options() {
            String prefix = "eventstore.subscriptions.";
            return PropertyCheck.byField(prefix, () -> {
                SubscriptionOptions.Builder builder = SubscriptionOptions.builder();
                if (pollInterval != null) {
                    builder.pollInterval(pollInterval);
                }
                if (pageSize != null) {
                    builder.pageSize(pageSize);
                }
                if (heartbeatInterval != null) {
                    builder.heartbeatInterval(heartbeatInterval);
                }
                if (reconnectBackoffMin != null) {
                    builder.reconnectBackoffMin(reconnectBackoffMin);
                }
                if (reconnectBackoffMax != null) {
                    builder.reconnectBackoffMax(reconnectBackoffMax);
                }
                if (bufferSize != null) {
                    builder.bufferSize(bufferSize);
                }
                if (queryTimeout != null) {
                    builder.queryTimeout(queryTimeout);
                }
                if (channel != null) {
                    builder.channel(channel);
                }
                return builder.build();
            });
        }
    }

    /**
     * The Redis cache ({@code eventstore.cache.*}), built from Boot's {@code spring.data.redis.*} connection
     * settings; unset tuning keeps the library's {@code RedisCacheOptions} and {@code EventStoreOptions} defaults.
     *
     * @param enabled whether to cache in Redis (default {@code false}; needs {@code spring-boot-starter-data-redis}
     *     and {@code eventstore-reactive-redis} on the class path)
     * @param keyPrefix the prefix of every key the cache writes (library default {@code es:})
     * @param consistency {@code verified} (library default) or {@code trust-cache}
     * @param timeout the store's time budget per cache call, after which it reads PostgreSQL (library default 50 ms)
     * @param adminTimeout the budget of cache administration calls (library default 5 s)
     * @param backoffAfterTimeout how long the store leaves the cache alone after a call ran out of its budget; 0
     *     disables (library default 1 s)
     * @param eventsTtl how long a single event stays cached (library default 1 h)
     * @param snapshotsTtl how long a latest snapshot stays cached (library default 2 h)
     * @param sequencesTtl how long a sequence counter stays cached (library default 5 min)
     * @param aggregateEventsTtl how long an aggregate's events stay cached (library default 30 min)
     * @param statsTtl how long aggregate statistics stay cached (library default 5 min)
     * @param connectTimeout how long opening a Redis connection may take (library default 1 s)
     * @param maxCachedStreamLength the longest stream that is cached (library default 10,000 events)
     * @param nearCacheBytes the heap (estimated) that decoded events kept in the JVM may take, so that a stream read
     *     again costs only what was appended since; 0 keeps none (library default 16 MiB)
     */
    public record Cache(
            @DefaultValue("false") boolean enabled,
            @Nullable String keyPrefix,
            @Nullable CacheConsistency consistency,
            @Nullable Duration timeout,
            @Nullable Duration adminTimeout,
            @Nullable Duration backoffAfterTimeout,
            @Nullable Duration eventsTtl,
            @Nullable Duration snapshotsTtl,
            @Nullable Duration sequencesTtl,
            @Nullable Duration aggregateEventsTtl,
            @Nullable Duration statsTtl,
            @Nullable Duration connectTimeout,
            @Nullable Integer maxCachedStreamLength,
            @Nullable Long nearCacheBytes) {

        /**
         * @return the store's options: cache consistency, time budgets and back-off from the set values
         * @throws IllegalArgumentException naming the property whose value is rejected
         */
        public EventStoreOptions storeOptions() {
            EventStoreOptions.Builder builder = EventStoreOptions.builder();
            if (consistency != null) {
                builder.cacheConsistency(consistency);
            }
            if (timeout != null) {
                PropertyCheck.named("eventstore.cache.timeout", () -> builder.cacheTimeout(timeout));
            }
            if (adminTimeout != null) {
                PropertyCheck.named("eventstore.cache.admin-timeout", () -> builder.cacheAdminTimeout(adminTimeout));
            }
            if (backoffAfterTimeout != null) {
                PropertyCheck.named("eventstore.cache.backoff-after-timeout", () -> builder.cacheBackoffAfterTimeout(backoffAfterTimeout));
            }
            return builder.build();
        }
    }

    /**
     * The Actuator health checks ({@code eventstore.health.*}).
     *
     * @param lagThreshold events the live feed may trail (deliverable but undelivered, plus held back by open
     *     transactions) before the subscriptions check reports {@code lagStatus}; default 10,000
     * @param durableLagThreshold events a declared durable subscription may trail (summed over its segments on this
     *     instance) before the durable check reports {@code lagStatus}; default 10,000
     * @param lagStatus {@code out-of-service} (default) or {@code down}
     * @param timeout the bound on each check's queries; a check that takes longer reports {@code DOWN}
     *     (the cache check: {@code UP}, degraded); default 5 s
     */
    public record Health(
            @DefaultValue("10000") long lagThreshold,
            @DefaultValue("10000") long durableLagThreshold,
            @DefaultValue("out-of-service") LagStatus lagStatus,
            @DefaultValue("5s") Duration timeout) {

        /**
         * Checks the values.
         *
         * @param lagThreshold see the record's description
         * @param durableLagThreshold see the record's description
         * @param lagStatus see the record's description
         * @param timeout see the record's description
         * @throws IllegalArgumentException naming the property whose value is rejected
         */
        public Health {
            if (lagThreshold < 0) {
                throw new IllegalArgumentException("eventstore.health.lag-threshold must not be negative, was " + lagThreshold);
            }
            if (durableLagThreshold < 0) {
                throw new IllegalArgumentException("eventstore.health.durable-lag-threshold must not be negative, was " + durableLagThreshold);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("eventstore.health.timeout must be positive, was " + timeout);
            }
        }
    }

    /**
     * Micrometer observations ({@code eventstore.observations.*}), used when {@code
     * eventstore-reactive-micrometer} is on the class path and the application has an {@code ObservationRegistry}.
     *
     * @param enabled whether the store and the cache are observed and the durable subscriptions' gauges published; default true
     * @param durableInterval how often the declared durable subscriptions' status is read for the gauges; default 10 s
     */
    public record Observations(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10s") Duration durableInterval) {

        /**
         * Checks the values.
         *
         * @param enabled see the record's description
         * @param durableInterval see the record's description
         * @throws IllegalArgumentException naming the property whose value is rejected
         */
        public Observations {
            if (durableInterval.isNegative() || durableInterval.isZero()) {
                throw new IllegalArgumentException("eventstore.observations.durable-interval must be positive, was " + durableInterval);
            }
        }
    }
}
