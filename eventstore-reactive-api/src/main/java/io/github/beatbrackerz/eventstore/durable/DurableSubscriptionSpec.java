package io.github.beatbrackerz.eventstore.durable;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a durable subscription is: its name, which events, where a new name starts, how many
 * segments, how leases, retries, checkpoints and batches behave. Immutable; build it with {@link
 * #builder(String)}, whose {@code build()} validates every rule.
 *
 * <p><b>Redelivery bound.</b> In at-least-once delivery a segment stores its checkpoint after
 * {@link #checkpointEvery()} handled events, or {@link #checkpointInterval()} after the first
 * event handled since the last write, whichever comes first (and at every graceful stop, pause or
 * hand-over). Writes run beside the handler, not in front of it: what is handled while one is in
 * flight goes into the next, and the handler waits only when {@code 10 x checkpointEvery} handled
 * events are not stored yet. After a crash, the events handled since the last stored checkpoint
 * are delivered again: per segment about {@code checkpointEvery} plus what was handled during one
 * checkpoint write, all handled within about {@code checkpointInterval} plus one write before the
 * crash, and never more than {@code 10 x checkpointEvery} events plus one batch. Transactional
 * delivery stores the checkpoint with every batch and redelivers nothing that committed.
 *
 * <p><b>Leases.</b> An instance renews its segments' leases every {@link #renewInterval()}; a
 * crashed or partitioned instance's segments are taken over once its lease expires, so within
 * about {@code leaseTime + renewInterval}. An instance that cannot renew stops its segments by
 * itself before its lease can expire.
 */
public final class DurableSubscriptionSpec {

    /** The pattern a subscription name must match. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,100}");
    /** The most segments a subscription may have. */
    public static final int MAX_SEGMENTS = 256;
    /** The default lease time. */
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(10);
    /** The default handler timeout. */
    public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration MIN_TIME = Duration.ofMillis(1);
    private static final Duration MIN_LEASE_TIME = Duration.ofMillis(100);
    private static final Duration MAX_TIME = Duration.ofHours(1);

    private final String name;
    private final EventFilter filter;
    private final StartPosition start;
    private final int segments;
    private final Duration leaseTime;
    private final Duration renewInterval;
    private final int maxAttempts;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Duration handlerTimeout;
    private final int checkpointEvery;
    private final Duration checkpointInterval;
    private final int maxBatchSize;
    private final Duration maxBatchWait;

    private DurableSubscriptionSpec(Builder builder, Duration renewInterval) {
        this.name = builder.name;
        this.filter = builder.filter;
        this.start = builder.start;
        this.segments = builder.segments;
        this.leaseTime = builder.leaseTime;
        this.renewInterval = renewInterval;
        this.maxAttempts = builder.maxAttempts;
        this.minBackoff = builder.minBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.handlerTimeout = builder.handlerTimeout;
        this.checkpointEvery = builder.checkpointEvery;
        this.checkpointInterval = builder.checkpointInterval;
        this.maxBatchSize = builder.maxBatchSize;
        this.maxBatchWait = builder.maxBatchWait;
    }

    /**
     * @param name the subscription's name, matching {@code [a-z0-9_.-]{1,100}}; instances that
     *     start the same name share its work and its checkpoints
     * @return a builder with the defaults: every event, from the beginning, 1 segment, 10 s
     *     leases renewed every 2.5 s, 5 attempts with backoff from 100 ms to 10 s, a handler timeout of 30 s, a checkpoint every
     *     1,000 events or 1 s, batches of up to 100 events waiting at most 10 ms
     * @throws ValidationException (field {@code name}) if the name does not match
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Checks a subscription name.
     *
     * @param name the name
     * @return the name
     * @throws ValidationException (field {@code name}) unless it matches {@link #NAME}
     */
    public static String checkName(@Nullable String name) {
        Require.notNull("name", name);
        if (!NAME.matcher(name).matches()) {
            throw new ValidationException("name", "must match " + NAME.pattern() + ", was '" + Builder.abbreviate(name) + "'");
        }
        return name;
    }

    /** @return the subscription's name */
    public String name() {
        return name;
    }

    /** @return which events it delivers */
    public EventFilter filter() {
        return filter;
    }

    /** @return where a new name starts */
    public StartPosition start() {
        return start;
    }

    /** @return how many segments the events are split into, by a hash of their stream */
    public int segments() {
        return segments;
    }

    /** @return how long a segment's lease lasts without renewal */
    public Duration leaseTime() {
        return leaseTime;
    }

    /** @return how often an instance renews its leases, claims free segments and rebalances */
    public Duration renewInterval() {
        return renewInterval;
    }

    /** @return how many times the handler is called for one event (or batch) before it is parked */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the delay before the first retry; each further retry doubles it */
    public Duration minBackoff() {
        return minBackoff;
    }

    /** @return the longest delay between two attempts */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * @return how long one handler call (one event, one batch, or one transaction of a
     *     transactional handler including its checkpoint) may take before it is cancelled and
     *     counted as a failed attempt ({@link io.github.beatbrackerz.eventstore.error.HandlerTimeoutException})
     */
    public Duration handlerTimeout() {
        return handlerTimeout;
    }

    /** @return after how many handled events a segment stores its checkpoint (at-least-once delivery) */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** @return how long after the first unstored handled event a segment stores its checkpoint */
    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** @return the most events in one batch (batch and transactional handlers) */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** @return how long a partial batch waits for more events before it is handed over */
    public Duration maxBatchWait() {
        return maxBatchWait;
    }

    @Override
    public String toString() {
        return "DurableSubscriptionSpec[name=" + name + ", filter=" + filter + ", start=" + start + ", segments=" + segments
                + ", leaseTime=" + leaseTime + ", renewInterval=" + renewInterval + ", maxAttempts=" + maxAttempts
                + ", backoff=" + minBackoff + ".." + maxBackoff + ", handlerTimeout=" + handlerTimeout
                + ", checkpointEvery=" + checkpointEvery + "/" + checkpointInterval
                + ", maxBatchSize=" + maxBatchSize + "/" + maxBatchWait + "]";
    }

    /** Builds a {@link DurableSubscriptionSpec}. Setters check their argument; {@link #build()} checks the rules between them. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private EventFilter filter = EventFilter.all();
        private StartPosition start = StartPosition.beginning();
        private int segments = 1;
        private Duration leaseTime = DEFAULT_LEASE_TIME;
        private @Nullable Duration renewInterval;
        private int maxAttempts = 5;
        private Duration minBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Duration handlerTimeout = DEFAULT_HANDLER_TIMEOUT;
        private int checkpointEvery = 1_000;
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private int maxBatchSize = 100;
        private Duration maxBatchWait = Duration.ofMillis(10);

        private Builder(String name) {
            this.name = checkName(name);
        }

        /**
         * Sets which events the subscription delivers.
         *
         * @param filter which events to deliver (every event by default)
         * @return this builder
         */
        public Builder filter(EventFilter filter) {
            this.filter = Require.notNull("filter", filter);
            return this;
        }

        /**
         * Sets where the subscription starts when its name is new. A registered name resumes from its stored
         * checkpoints and ignores this.
         *
         * @param start where a new name starts (the beginning by default)
         * @return this builder
         */
        public Builder start(StartPosition start) {
            this.start = Require.notNull("start", start);
            return this;
        }

        /**
         * @param segments how many segments, 1 to {@value #MAX_SEGMENTS} (1 by default); fixed
         *     when the name is registered, a reset changes it
         * @return this builder
         */
        public Builder segments(int segments) {
            this.segments = Require.between("segments", segments, 1, MAX_SEGMENTS);
            return this;
        }

        /**
         * @param leaseTime how long a lease lasts without renewal, 100 ms to 1 h (10 s by default);
         *     the takeover time after a crash
         * @return this builder
         */
        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = duration("leaseTime", leaseTime, MIN_LEASE_TIME);
            return this;
        }

        /**
         * @param renewInterval how often leases are renewed; at most a third of the lease time
         *     (a quarter of it by default)
         * @return this builder
         */
        public Builder renewInterval(Duration renewInterval) {
            this.renewInterval = duration("renewInterval", renewInterval, MIN_TIME);
            return this;
        }

        /**
         * @param maxAttempts calls of the handler per event or batch before parking, 1 to 1,000 (5 by default)
         * @param minBackoff the delay before the first retry (100 ms by default)
         * @param maxBackoff the longest delay between attempts, at least {@code minBackoff} (10 s by default)
         * @return this builder
         */
        public Builder retry(int maxAttempts, Duration minBackoff, Duration maxBackoff) {
            this.maxAttempts = Require.between("maxAttempts", maxAttempts, 1, 1_000);
            this.minBackoff = duration("minBackoff", minBackoff, MIN_TIME);
            this.maxBackoff = duration("maxBackoff", maxBackoff, MIN_TIME);
            return this;
        }

        /**
         * @param handlerTimeout how long one handler call may take, 1 ms to 1 h (30 s by
         *     default); a call still running then is cancelled (a transactional handler's
         *     transaction rolls back) and counts as a failed attempt, so a hung handler is retried
         *     and finally parked instead of stalling its segment for good
         * @return this builder
         */
        public Builder handlerTimeout(Duration handlerTimeout) {
            this.handlerTimeout = duration("handlerTimeout", handlerTimeout, MIN_TIME);
            return this;
        }

        /**
         * @param events store the checkpoint after this many handled events, 1 to 1,000,000 (1,000 by
         *     default: the interval bounds what a slow consumer redelivers, this count how often a
         *     fast one writes)
         * @param interval or this long after the first unstored handled event (1 s by default)
         * @return this builder
         */
        public Builder checkpointEvery(int events, Duration interval) {
            this.checkpointEvery = Require.between("checkpointEvery", events, 1, 1_000_000);
            this.checkpointInterval = duration("checkpointInterval", interval, MIN_TIME);
            return this;
        }

        /**
         * @param size the most events per batch, 1 to 10,000 (100 by default)
         * @param maxWait how long a partial batch waits for more events (10 ms by default)
         * @return this builder
         */
        public Builder batches(int size, Duration maxWait) {
            this.maxBatchSize = Require.between("maxBatchSize", size, 1, 10_000);
            this.maxBatchWait = duration("maxBatchWait", maxWait, MIN_TIME);
            return this;
        }

        /**
         * @return the spec
         * @throws ValidationException (field {@code renewInterval}) if it is more than a third of
         *     the lease time, or (field {@code maxBackoff}) if it is shorter than {@code minBackoff}
         */
        public DurableSubscriptionSpec build() {
            Duration renew = renewInterval != null ? renewInterval : leaseTime.dividedBy(4);
            if (renew.multipliedBy(3).compareTo(leaseTime) > 0) {
                throw new ValidationException("renewInterval", "must be at most a third of leaseTime (" + leaseTime + "), was " + renew);
            }
            if (maxBackoff.compareTo(minBackoff) < 0) {
                throw new ValidationException("maxBackoff", "must not be shorter than minBackoff (" + minBackoff + "), was " + maxBackoff);
            }
            return new DurableSubscriptionSpec(this, renew);
        }

        private static Duration duration(String field, @Nullable Duration value, Duration min) {
            Require.notNull(field, value);
            if (value.compareTo(min) < 0 || value.compareTo(MAX_TIME) > 0) {
                throw new ValidationException(field, "must be from " + min + " to " + MAX_TIME + ", was " + value);
            }
            return value;
        }

        private static String abbreviate(String text) {
            return text.length() <= 40 ? text : text.substring(0, 40) + "…";
        }
    }
}
