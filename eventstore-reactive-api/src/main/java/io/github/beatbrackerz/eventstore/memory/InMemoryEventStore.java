package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.cache.NoOpCache;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A complete {@link EventStore} in local memory, with live subscriptions: the test double for
 * code that uses an event store, and a quick start without a database.
 *
 * <p>It behaves like the PostgreSQL store wherever the conformance suite can tell: sequence
 * numbers are contiguous under concurrent appends, expected versions are checked, event ids make
 * appends idempotent, strings match literally, and every event has a {@code Position} made of a
 * transaction counter (one per append call) and a global position. Each call of {@link #create()}
 * or {@link Builder#build()} gets its own, empty storage.
 *
 * <p>Slow subscribers: every live subscriber has a buffer ({@link Builder#subscriberBufferSize},
 * 10,000 events by default). A subscriber that lets it fill receives what is buffered and then
 * errors with {@link io.github.beatbrackerz.eventstore.error.SubscriberOverflowException}, whose
 * {@code lastSeenPosition()} resumes it losslessly through {@code subscribeFrom}.
 */
public final class InMemoryEventStore {

    private InMemoryEventStore() {
    }

    /** @return a new store with default options and no cache; does no I/O */
    public static EventStore create() {
        return builder().build();
    }

    /** @return a builder for a store with a cache, options or a smaller subscriber buffer */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an in-memory {@link EventStore}. Not thread-safe; each {@link #build()} makes a new, empty store. */
    public static final class Builder {
        private EventCache cache = NoOpCache.instance();
        private EventStoreOptions options = EventStoreOptions.defaults();
        private ObjectMapper jsonMapper = JsonMapper.shared();
        private int subscriberBufferSize = 10_000;
        private Upcasters upcasters = Upcasters.none();

        private Builder() {
        }

        /**
         * @param cache the cache, for example an {@link InMemoryEventCache} ({@code NoOpCache} by default)
         * @return this builder
         */
        public Builder cache(EventCache cache) {
            this.cache = Require.notNull("cache", cache);
            return this;
        }

        /**
         * @param options limits and cache consistency
         * @return this builder
         */
        public Builder options(EventStoreOptions options) {
            this.options = Require.notNull("options", options);
            return this;
        }

        /**
         * @param mapper the Jackson mapper for snapshot states
         * @return this builder
         */
        public Builder jsonMapper(ObjectMapper mapper) {
            this.jsonMapper = Require.notNull("jsonMapper", mapper);
            return this;
        }

        /**
         * @param size events a live subscriber may fall behind before it errors, 1 to 1,000,000
         * @return this builder
         */
        public Builder subscriberBufferSize(int size) {
            this.subscriberBufferSize = Require.between("subscriberBufferSize", size, 1, 1_000_000);
            return this;
        }

        /**
         * @param upcasters the upcasters every read applies ({@code Upcasters.none()} by default)
         * @return this builder
         */
        public Builder upcasters(Upcasters upcasters) {
            this.upcasters = Require.notNull("upcasters", upcasters);
            return this;
        }

        /** @return a new store over new, empty storage */
        public EventStore build() {
            InMemoryStorage storage = new InMemoryStorage();
            InMemorySnapshotRepository snapshots = new InMemorySnapshotRepository();
            return EventStore.builder()
                    .eventRepository(new InMemoryEventRepository(storage, snapshots))
                    .sequenceRepository(new InMemorySequenceRepository(storage))
                    .snapshotRepository(snapshots)
                    .subscriptionSource(new InMemorySubscriptionSource(storage, subscriberBufferSize))
                    .cache(cache)
                    .options(options)
                    .jsonMapper(jsonMapper)
                    .upcasters(upcasters)
                    .build();
        }
    }
}
