package io.github.beatbrackerz.eventstore.spi;

import static io.github.beatbrackerz.eventstore.tck.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.DuplicateEventException;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The idempotent-retry rule both stores apply through {@link AppendRequest#retriedAs}. */
class AppendRequestTest {

    private static final StreamId ORDER = StreamId.of("o-1", "order");

    private static RecordedEvent stored(NewEvent event, long sequence) {
        return new RecordedEvent(event.eventId(), event.type(), event.stream(), sequence, 1, Json.emptyObject(),
                Json.emptyObject(), Instant.EPOCH, "t", Position.of(1, sequence));
    }

    private static Function<UUID, RecordedEvent> holding(RecordedEvent... events) {
        Map<UUID, RecordedEvent> byId = List.of(events).stream().collect(Collectors.toMap(RecordedEvent::id, e -> e));
        return byId::get;
    }

    @Test
    void aRequestNoneOfWhoseIdsIsStoredIsNew() {
        AppendRequest request = new AppendRequest(List.of(event(ORDER, "A")), ExpectedVersion.any());
        assertThat(request.retriedAs(holding())).isEmpty();
    }

    @Test
    void aRequestWhoseIdsAreAllStoredAlikeIsARetryAnsweredInRequestOrder() {
        NewEvent a = event(ORDER, "A");
        NewEvent b = event(ORDER, "B");
        AppendRequest request = new AppendRequest(List.of(a, b), ExpectedVersion.any());
        assertThat(request.retriedAs(holding(stored(b, 2), stored(a, 1)))).hasValueSatisfying(found ->
                assertThat(found).extracting(RecordedEvent::id).containsExactly(a.eventId(), b.eventId()));
    }

    @Test
    void anIdStoredForAnotherStreamOrTypeIsADuplicate() {
        NewEvent a = event(ORDER, "A");
        AppendRequest request = new AppendRequest(List.of(a), ExpectedVersion.any());
        NewEvent otherType = new NewEvent(a.eventId(), "Other", ORDER, "t", Json.emptyObject(), Json.emptyObject(), 1);
        NewEvent otherStream = new NewEvent(a.eventId(), "A", StreamId.of("o-2", "order"), "t", Json.emptyObject(), Json.emptyObject(), 1);
        assertThatThrownBy(() -> request.retriedAs(holding(stored(otherType, 1)))).isInstanceOf(DuplicateEventException.class);
        assertThatThrownBy(() -> request.retriedAs(holding(stored(otherStream, 1)))).isInstanceOf(DuplicateEventException.class);
    }

    @Test
    void aBatchMixingStoredAndNewIdsIsADuplicateNamingAStoredId() {
        NewEvent a = event(ORDER, "A");
        NewEvent b = event(ORDER, "B");
        AppendRequest request = new AppendRequest(List.of(a, b), ExpectedVersion.any());
        assertThatThrownBy(() -> request.retriedAs(holding(stored(b, 1))))
                .isInstanceOfSatisfying(DuplicateEventException.class, e -> assertThat(e.eventId()).isEqualTo(b.eventId()));
    }
}
