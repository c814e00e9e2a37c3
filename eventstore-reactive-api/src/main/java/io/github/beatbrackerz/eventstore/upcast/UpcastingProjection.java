package io.github.beatbrackerz.eventstore.upcast;

import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;

/**
 * A projection that sees upcast events: the replay reads stored events, this hands each to the
 * user's projection in its current version. Snapshot version and state type are the user's, so
 * snapshots are chosen and written exactly as without upcasting.
 *
 * @param <S> the state type
 */
record UpcastingProjection<S>(Projection<S> projection, Upcasters upcasters) implements Projection<S> {

    /** Wraps a projection; a null one is passed through for the store to reject by name. */
    static <S> Projection<S> of(Projection<S> projection, Upcasters upcasters) {
        return projection == null ? projection : new UpcastingProjection<>(projection, upcasters);
    }

    @Override
    public S initialState() {
        return projection.initialState();
    }

    @Override
    public S applyEvent(S state, RecordedEvent event) {
        return projection.applyEvent(state, upcasters.upcast(event));
    }

    @Override
    public Class<S> stateType() {
        return projection.stateType();
    }

    @Override
    public int snapshotVersion() {
        return projection.snapshotVersion();
    }
}
