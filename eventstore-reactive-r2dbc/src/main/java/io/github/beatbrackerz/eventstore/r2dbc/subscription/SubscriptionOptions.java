package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Tuning of the subscription engine. Immutable; build with {@link #builder()}, whose {@code
 * build()} validates the cross-field rules.
 */
public final class SubscriptionOptions {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final SubscriptionOptions DEFAULTS = builder().build();

    private final Duration pollInterval;
    private final int pageSize;
    private final Duration heartbeatInterval;
    private final Duration reconnectBackoffMin;
    private final Duration reconnectBackoffMax;
    private final int bufferSize;
    private final Duration queryTimeout;
    private final @Nullable String channel;

    private SubscriptionOptions(Builder builder) {
        this.pollInterval = builder.pollInterval;
        this.pageSize = builder.pageSize;
        this.heartbeatInterval = builder.heartbeatInterval;
        this.reconnectBackoffMin = builder.reconnectBackoffMin;
        this.reconnectBackoffMax = builder.reconnectBackoffMax;
        this.bufferSize = builder.bufferSize;
        this.queryTimeout = builder.queryTimeout;
        this.channel = builder.channel;
    }

    /**
     * @return the defaults: 500 ms poll, 500-event pages, 5 s heartbeat, 100 ms to 10 s backoff,
     *     8,192-event buffers, 10 s query timeout
     */
    public static SubscriptionOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return how often the engine reads even without a notification: the bound on delivery delay for writers that do not notify */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** @return how many events one read fetches */
    public int pageSize() {
        return pageSize;
    }

    /** @return how often the listener connection is probed; a probe that does not answer within this time counts as a dead connection */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** @return the first delay before reconnecting the listener */
    public Duration reconnectBackoffMin() {
        return reconnectBackoffMin;
    }

    /** @return the longest delay between reconnection attempts */
    public Duration reconnectBackoffMax() {
        return reconnectBackoffMax;
    }

    /**
     * @return how many events may wait for one live subscriber before it fails with {@code
     *     SubscriberOverflowException} (up to 32 more may already be on their way to it)
     */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * @return how long one of the engine's queries (a page read, the start position, a lag
     *     measurement, a {@code NOTIFY}, {@code LISTEN}) may go without progress before it is
     *     abandoned: a connection that died silently, a frozen server or an exhausted pool then
     *     shows as a reader stall in {@link PostgresSubscriptions#lag()} and the read is retried
     */
    public Duration queryTimeout() {
        return queryTimeout;
    }

    /**
     * The notification channel.
     *
     * @param schema the store's schema, which names the default channel
     * @return the configured channel, or {@code <schema>_events} (cut to 63 characters)
     */
    public String channel(String schema) {
        if (channel != null) {
            return channel;
        }
        String derived = schema + "_events";
        return derived.length() <= 63 ? derived : derived.substring(0, 63);
    }

    /** Builds {@link SubscriptionOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration pollInterval = Duration.ofMillis(500);
        private int pageSize = 500;
        private Duration heartbeatInterval = Duration.ofSeconds(5);
        private Duration reconnectBackoffMin = Duration.ofMillis(100);
        private Duration reconnectBackoffMax = Duration.ofSeconds(10);
        private int bufferSize = 8192;
        private Duration queryTimeout = Duration.ofSeconds(10);
        private @Nullable String channel;

        private Builder() {
        }

        /**
         * Sets how often the engine reads even without a notification: the bound on delivery delay for
         * writers that do not notify (500 ms by default).
         *
         * @param interval how often to read without a notification, positive
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive("pollInterval", interval);
            return this;
        }

        /**
         * Sets how many events one read fetches (500 by default).
         *
         * @param size events per read, 1 to 10,000
         * @return this builder
         */
        public Builder pageSize(int size) {
            this.pageSize = Require.between("pageSize", size, 1, 10_000);
            return this;
        }

        /**
         * Sets how often the listener connection is probed; a probe that does not answer within this time
         * counts as a dead connection (5 s by default).
         *
         * @param interval how often to probe the listener connection, positive
         * @return this builder
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive("heartbeatInterval", interval);
            return this;
        }

        /**
         * Sets the first delay before reconnecting a lost listener connection (100 ms by default).
         *
         * @param delay the first reconnection delay, positive
         * @return this builder
         */
        public Builder reconnectBackoffMin(Duration delay) {
            this.reconnectBackoffMin = positive("reconnectBackoffMin", delay);
            return this;
        }

        /**
         * Sets the longest delay between reconnection attempts (10 s by default).
         *
         * @param delay the longest reconnection delay, positive
         * @return this builder
         */
        public Builder reconnectBackoffMax(Duration delay) {
            this.reconnectBackoffMax = positive("reconnectBackoffMax", delay);
            return this;
        }

        /**
         * Sets how many events may wait for one live subscriber before it fails with {@code
         * SubscriberOverflowException} (8,192 by default).
         *
         * @param size events that may wait for one subscriber, 1 to 1,048,576
         * @return this builder
         */
        public Builder bufferSize(int size) {
            this.bufferSize = Require.between("bufferSize", size, 1, 1 << 20);
            return this;
        }

        /**
         * Sets how long one of the engine's queries may go without progress before it is abandoned, shown as
         * a reader stall and retried (10 s by default).
         *
         * @param timeout how long one query may go without progress, positive
         * @return this builder
         */
        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = positive("queryTimeout", timeout);
            return this;
        }

        /**
         * Sets the {@code NOTIFY} channel, instead of {@code <schema>_events}. Writers that notify must use
         * the same channel.
         *
         * @param channel the NOTIFY channel, matching {@code [a-z_][a-z0-9_]{0,62}}
         * @return this builder
         */
        public Builder channel(String channel) {
            Require.notNull("channel", channel);
            if (!IDENTIFIER.matcher(channel).matches()) {
                throw new ValidationException("channel", "must match [a-z_][a-z0-9_]{0,62}, was " + channel);
            }
            this.channel = channel;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws ValidationException if {@code reconnectBackoffMin} exceeds {@code reconnectBackoffMax}
         */
        public SubscriptionOptions build() {
            if (reconnectBackoffMin.compareTo(reconnectBackoffMax) > 0) {
                throw new ValidationException("reconnectBackoffMin", "must not exceed reconnectBackoffMax (" + reconnectBackoffMax + ")");
            }
            return new SubscriptionOptions(this);
        }

        private static Duration positive(String field, Duration value) {
            Require.notNull(field, value);
            if (value.isNegative() || value.isZero()) {
                throw new ValidationException(field, "must be positive, was " + value);
            }
            return value;
        }
    }
}
