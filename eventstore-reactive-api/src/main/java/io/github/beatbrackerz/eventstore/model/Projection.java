package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.internal.Require;
import java.util.function.BiFunction;

/**
 * Folds events into a state: the specification's {@code EventProjection}, an initial state plus
 * an {@code applyEvent} function.
 *
 * <p>{@link #applyEvent} must be pure and must not block: replay calls it on the thread that
 * delivers the events. The state type is used to read snapshots back; a snapshot is used only when
 * its version equals {@link #snapshotVersion()}.
 *
 * @param <S> the state type; prefer immutable types such as records
 */
public interface Projection<S> {

    /** @return the state before any event; called once per replay */
    S initialState();

    /**
     * Applies one event.
     *
     * @param state the state so far
     * @param event the next event
     * @return the new state, never {@code null}
     */
    S applyEvent(S state, RecordedEvent event);

    /** @return the state's class, used to convert snapshots */
    Class<S> stateType();

    /** @return the schema version of snapshots this projection writes and reads; 1 by default */
    default int snapshotVersion() {
        return 1;
    }

    /**
     * A projection from an initial state and a function.
     *
     * @param stateType the state's class
     * @param initialState the state before any event; must be immutable, it is shared by replays
     * @param applyEvent the fold function
     * @param <S> the state type
     * @return the projection, with snapshot version 1
     */
    static <S> Projection<S> of(Class<S> stateType, S initialState, BiFunction<S, RecordedEvent, S> applyEvent) {
        Require.notNull("stateType", stateType);
        Require.notNull("initialState", initialState);
        Require.notNull("applyEvent", applyEvent);
        return new Projection<>() {
            @Override
            public S initialState() {
                return initialState;
            }

            @Override
            public S applyEvent(S state, RecordedEvent event) {
                return applyEvent.apply(state, event);
            }

            @Override
            public Class<S> stateType() {
                return stateType;
            }
        };
    }
}
