package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.DuplicateEventException;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Idempotent appends: an event id is stored at most once. Re-appending ids that are all stored
 * with the same stream and type returns the stored events; anything else is a
 * {@link DuplicateEventException} that writes nothing.
 */
public interface IdempotencyConformance extends ConformanceSupport {

    @Test
    default void resubscribingToTheSameAppendStoresTheEventOnce() {
        Mono<RecordedEvent> append = store().appendEvent(event("o-1", "Added", 1));
        RecordedEvent first = append.block(TIMEOUT);
        RecordedEvent second = append.block(TIMEOUT);
        assertThat(second).isEqualTo(first);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(1);
    }

    @Test
    default void reappendingStoredIdsReturnsTheStoredEvents() {
        NewEvent a = event("o-1", "A", 1).withEventId(UUID.randomUUID());
        NewEvent b = event("o-1", "B", 2).withEventId(UUID.randomUUID());
        List<RecordedEvent> stored = append(a, b);
        appendEach("o-1", 1);
        store().appendEvents(List.of(a, b)).as(StepVerifier::create)
                .expectNextSequence(stored).expectComplete().verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(3);
    }

    @Test
    default void aRetryIsRecognisedBeforeTheExpectedVersionIsChecked() {
        NewEvent created = event("o-1", "Created", 1).withEventId(UUID.randomUUID());
        RecordedEvent stored = store().appendEvent(created, ExpectedVersion.noStream()).block(TIMEOUT);
        store().appendEvent(created, ExpectedVersion.noStream()).as(StepVerifier::create)
                .expectNext(stored).expectComplete().verify(TIMEOUT);
    }

    @Test
    default void anIdStoredForAnotherStreamIsADuplicate() {
        UUID id = UUID.randomUUID();
        append(event("o-1", "Added", 1).withEventId(id));
        store().appendEvent(event("o-2", "Added", 1).withEventId(id)).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(DuplicateEventException.class,
                        duplicate -> assertThat(duplicate.eventId()).isEqualTo(id)))
                .verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-2", ORDER))).isEmpty();
    }

    @Test
    default void anIdStoredWithAnotherTypeIsADuplicate() {
        UUID id = UUID.randomUUID();
        append(event("o-1", "Added", 1).withEventId(id));
        store().appendEvent(event("o-1", "Removed", 1).withEventId(id)).as(StepVerifier::create)
                .expectError(DuplicateEventException.class)
                .verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(1);
    }

    @Test
    default void aBatchMixingStoredAndNewIdsIsADuplicateAndWritesNothing() {
        NewEvent stored = event("o-1", "A", 1).withEventId(UUID.randomUUID());
        append(stored);
        NewEvent fresh = event("o-1", "B", 1).withEventId(UUID.randomUUID());
        store().appendEvents(List.of(stored, fresh)).as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(DuplicateEventException.class,
                        duplicate -> assertThat(duplicate.eventId()).isEqualTo(stored.eventId())))
                .verify(TIMEOUT);
        store().getEvent(fresh.eventId()).as(StepVerifier::create).expectComplete().verify(TIMEOUT);
        assertThat(collect(store().getAggregateEvents("o-1", ORDER))).hasSize(1);
    }
}
