package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.cache.NoOpCache;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spi.EventRepository;
import io.github.beatbrackerz.eventstore.spi.EventSubscriptionSource;
import io.github.beatbrackerz.eventstore.spi.SequenceRepository;
import io.github.beatbrackerz.eventstore.spi.SnapshotRepository;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assembles an {@link EventStore} from ports: the specification's
 * {@code new EventStore({eventRepository, sequenceRepository, snapshotRepository, cacheService})}.
 * Not thread-safe; {@link #build()} checks that the required ports are set.
 */
public final class EventStoreBuilder {

    private @Nullable EventRepository eventRepository;
    private @Nullable SequenceRepository sequenceRepository;
    private @Nullable SnapshotRepository snapshotRepository;
    private @Nullable EventSubscriptionSource subscriptionSource;
    private EventCache cache = NoOpCache.instance();
    private EventStoreOptions options = EventStoreOptions.defaults();
    private ObjectMapper jsonMapper = JsonMapper.shared();
    private Mono<Void> release = Mono.empty();
    private Upcasters upcasters = Upcasters.none();

    EventStoreBuilder() {
    }

    /**
     * @param repository the event storage (required)
     * @return this builder
     */
    public EventStoreBuilder eventRepository(EventRepository repository) {
        this.eventRepository = Require.notNull("eventRepository", repository);
        return this;
    }

    /**
     * @param repository the sequence counters (required)
     * @return this builder
     */
    public EventStoreBuilder sequenceRepository(SequenceRepository repository) {
        this.sequenceRepository = Require.notNull("sequenceRepository", repository);
        return this;
    }

    /**
     * @param repository the snapshot storage (required)
     * @return this builder
     */
    public EventStoreBuilder snapshotRepository(SnapshotRepository repository) {
        this.snapshotRepository = Require.notNull("snapshotRepository", repository);
        return this;
    }

    /**
     * @param source real-time delivery; without one, subscribing errors with an {@code EventStoreException}
     * @return this builder
     */
    public EventStoreBuilder subscriptionSource(@Nullable EventSubscriptionSource source) {
        this.subscriptionSource = source;
        return this;
    }

    /**
     * @param cache the cache ({@link NoOpCache} by default)
     * @return this builder
     */
    public EventStoreBuilder cache(EventCache cache) {
        this.cache = Require.notNull("cache", cache);
        return this;
    }

    /**
     * @param options limits and behaviour
     * @return this builder
     */
    public EventStoreBuilder options(EventStoreOptions options) {
        this.options = Require.notNull("options", options);
        return this;
    }

    /**
     * @param mapper the Jackson mapper used for snapshot states and typed conversion
     * @return this builder
     */
    public EventStoreBuilder jsonMapper(ObjectMapper mapper) {
        this.jsonMapper = Require.notNull("jsonMapper", mapper);
        return this;
    }

    /**
     * Hands the store a resource it owns, such as the connection pool a factory created for it:
     * {@link EventStore#close()} subscribes to {@code release} once, after the store's
     * subscriptions completed (also when that failed). Never pass what the caller created and
     * keeps using: whoever created a resource closes it.
     *
     * @param release lazy; releases the owned resources
     * @return this builder
     */
    public EventStoreBuilder releaseOnClose(Mono<Void> release) {
        this.release = Require.notNull("release", release);
        return this;
    }

    /**
     * Registers the upcasters that bring stored events to their current schema version on every
     * read path; the cache keeps events as stored, and appends return them as written. See
     * {@link Upcasters}.
     *
     * @param upcasters the registry ({@link Upcasters#none()} by default)
     * @return this builder
     */
    public EventStoreBuilder upcasters(Upcasters upcasters) {
        this.upcasters = Require.notNull("upcasters", upcasters);
        return this;
    }

    /**
     * Builds the store. Does no I/O.
     *
     * @return the store
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException naming a missing port
     */
    public EventStore build() {
        // upcasting wraps the whole store, outside the cache: cached events stay in their stored form
        return upcasters.applyTo(new DefaultEventStore(
                Require.notNull("eventRepository", eventRepository),
                Require.notNull("sequenceRepository", sequenceRepository),
                Require.notNull("snapshotRepository", snapshotRepository),
                subscriptionSource, cache, options, jsonMapper, release));
    }
}
