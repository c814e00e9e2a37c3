package io.github.beatbrackerz.eventstore.upcast;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.UpcastFailedException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * An immutable registry of {@link Upcaster}s that brings every stored event to the current schema
 * version of its type. Register it on the store's builder ({@code EventStore.builder().upcasters(…)},
 * {@code R2dbcEventStoreBuilder.upcasters(…)}, {@code InMemoryEventStore.builder().upcasters(…)}):
 * every read path then returns upcast events (aggregate reads, queries, {@code getEvent}, replays
 * and batches, projections, live, catch-up and durable subscriptions, the first and last event of
 * aggregate statistics), while appends return the events as written and the cache keeps them as
 * stored.
 *
 * <p>The upcasters of one type must form a chain without gaps: from versions {@code k, k+1, …, n-1},
 * so that the type's current version is {@code n}. An event stored in a version the chain covers
 * is upcast step by step to {@code n}; any other event (another type, the current version, a
 * version before {@code k} or after {@code n}, which a newer writer may have stored) is returned as
 * it is, the same instance, its payload not parsed. Thread-safe.
 */
public final class Upcasters {

    private static final Upcasters NONE = new Upcasters(Map.of());

    /** Per event type, its chain. */
    private final Map<String, Chain> chains;

    private Upcasters(Map<String, Chain> chains) {
        this.chains = chains;
    }

    /** @return the empty registry: nothing is upcast */
    public static Upcasters none() {
        return NONE;
    }

    /**
     * A registry of upcasters.
     *
     * @param upcasters the upcasters, in any order
     * @return the registry
     * @throws ValidationException (field {@code upcasters}) for a null upcaster, two upcasters of one
     *     type from the same version, or a gap in a type's chain
     */
    public static Upcasters of(Upcaster... upcasters) {
        Require.notNull("upcasters", upcasters);
        return of(Arrays.asList(upcasters));
    }

    /**
     * A registry of upcasters.
     *
     * @param upcasters the upcasters, in any order
     * @return the registry
     * @throws ValidationException (field {@code upcasters}) for a null upcaster, two upcasters of one
     *     type from the same version, or a gap in a type's chain
     */
    public static Upcasters of(Collection<? extends Upcaster> upcasters) {
        Require.notNull("upcasters", upcasters);
        Map<String, TreeMap<Integer, Upcaster>> byType = new HashMap<>();
        for (Upcaster upcaster : upcasters) {
            Require.notNull("upcasters", upcaster);
            Upcaster before = byType.computeIfAbsent(upcaster.eventType(), type -> new TreeMap<>()).put(upcaster.fromVersion(), upcaster);
            if (before != null) {
                throw new ValidationException("upcasters", "holds two upcasters of type " + upcaster.eventType()
                        + " from version " + upcaster.fromVersion());
            }
        }
        Map<String, Chain> chains = new HashMap<>();
        byType.forEach((type, steps) -> chains.put(type, Chain.of(type, steps)));
        return chains.isEmpty() ? NONE : new Upcasters(Map.copyOf(chains));
    }

    /** @return whether it holds no upcaster */
    public boolean isEmpty() {
        return chains.isEmpty();
    }

    /**
     * The version events of a type are upcast to.
     *
     * @param eventType the event type
     * @return the version after the type's last upcaster, or empty when the type has none
     */
    public OptionalInt currentVersion(String eventType) {
        Chain chain = chains.get(eventType);
        return chain == null ? OptionalInt.empty() : OptionalInt.of(chain.current());
    }

    /**
     * Brings one event to its type's current version. Reads only its type and version to decide:
     * an event no upcaster applies to is returned as it is, its payload not parsed. Runs on the
     * calling thread and blocks only as long as the upcasters do.
     *
     * @param event a stored event
     * @return the event in its type's current version, with the same id, stream, numbers, metadata
     *     and position; or the same instance when no upcaster applies
     * @throws UpcastFailedException when an upcaster throws or returns {@code null}
     */
    public RecordedEvent upcast(RecordedEvent event) {
        Chain chain = chains.get(event.type());
        if (chain == null || !chain.covers(event.version())) {
            return event;
        }
        // a document of its own: the stored one's parsed tree may be shared with a cache and must not change
        Json payload = Json.trusted(event.payload().text());
        for (int version = event.version(); version < chain.current(); version++) {
            Json next;
            try {
                next = chain.step(version).apply(payload);
            } catch (RuntimeException e) {
                throw new UpcastFailedException(event.id(), event.type(), event.version(), version, e);
            }
            if (next == null) {
                throw new UpcastFailedException(event.id(), event.type(), event.version(), version, null);
            }
            payload = next;
        }
        return new RecordedEvent(event.id(), event.type(), event.stream(), event.sequenceNumber(), chain.current(), payload,
                event.metadata(), event.createdAt(), event.createdBy(), event.position());
    }

    /**
     * A view of a store that upcasts every event it reads, as the builders' {@code upcasters(…)}
     * does; for a store assembled elsewhere. Everything else is forwarded as it is; the view's
     * {@code close()} closes the store. Does no I/O.
     *
     * @param store the store to read through
     * @return the view, or {@code store} itself when this registry is empty
     * @throws ValidationException (field {@code store}) if null
     */
    public EventStore applyTo(EventStore store) {
        Require.notNull("store", store);
        return isEmpty() ? store : new UpcastingEventStore(store, this);
    }

    @Override
    public String toString() {
        return "Upcasters" + new TreeMap<>(chains).values();
    }

    /** The upcasters of one type: steps from {@code first} to {@code current - 1}, without a gap. */
    private record Chain(String type, int first, List<UnaryOperator<Json>> steps) {

        static Chain of(String type, TreeMap<Integer, Upcaster> byVersion) {
            int first = byVersion.firstKey();
            List<UnaryOperator<Json>> steps = new ArrayList<>(byVersion.size());
            int expected = first;
            for (Upcaster upcaster : byVersion.values()) {
                if (upcaster.fromVersion() != expected) {
                    throw new ValidationException("upcasters", "has a gap for type " + type + ": an upcaster from version "
                            + upcaster.fromVersion() + " but none from version " + expected);
                }
                steps.add(upcaster.function());
                expected++;
            }
            return new Chain(type, first, List.copyOf(steps));
        }

        int current() {
            return first + steps.size();
        }

        boolean covers(int version) {
            return version >= first && version < current();
        }

        UnaryOperator<Json> step(int version) {
            return steps.get(version - first);
        }

        @Override
        public String toString() {
            return type + " " + first + "->" + current();
        }
    }
}
