package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.model.StreamTombstone;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Durable subscriptions learn of a deleted stream by its tombstone, in position order, and never see the removed events again. */
public interface DurableLifecycleConformance extends DurableConformanceSupport {

    @Test
    default void aDurableSubscriptionReceivesTheTombstoneAndANewOneOnlyTheTombstone() {
        List<RecordedEvent> stored = appendEach("o-1", 2);
        DurableRecorder recorder = new DurableRecorder(1);
        started(spec("tombstone").build(), recorder);
        awaitHandled(recorder, 2);

        RecordedEvent tombstone = store().deleteStream(new StreamId("o-1", ORDER)).block(TIMEOUT).tombstone();
        RecordedEvent recreated = store().appendEvent(event("o-1", "Added", 7)).block(TIMEOUT);

        awaitHandled(recorder, 4);
        assertThat(recorder.handled()).containsExactly(stored.get(0), stored.get(1), tombstone, recreated);
        assertThat(StreamTombstone.isTombstone(recorder.handled().get(2))).isTrue();

        DurableRecorder late = new DurableRecorder(1);
        started(spec("late").build(), late);
        awaitHandled(late, 2);
        assertThat(late.handled()).containsExactly(tombstone, recreated);
    }
}
