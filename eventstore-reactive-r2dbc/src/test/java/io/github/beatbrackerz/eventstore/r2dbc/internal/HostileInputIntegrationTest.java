package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static io.github.beatbrackerz.eventstore.r2dbc.internal.Ports.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.DuplicateEventException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.NewSnapshot;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

/** Quotes, semicolons, LIKE wildcards, unicode and maximal strings are stored and matched literally. */
class HostileInputIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LONGEST = "x".repeat(250) + "%_'\";";

    private final Ports ports = Ports.of(DB.connectionFactory(), DB.schema());

    static List<String> hostileStrings() {
        return List.of("it's", "a'); DROP TABLE events; --", "100%", "a_c", "%", "_", "\\", "注文🚀", "line\nbreak", "  padded  ", LONGEST);
    }

    @ParameterizedTest
    @MethodSource("hostileStrings")
    void storesAndMatchesLiterally(String hostile) {
        String aggregateType = "t" + UUID.randomUUID();
        StreamId exact = StreamId.of(hostile, aggregateType);
        StreamId lookalike = StreamId.of(fit(hostile.replace('%', 'Z').replace('_', 'Y') + "x"), aggregateType);
        ports.events().append(new AppendRequest(List.of(event(exact, hostile), event(lookalike, fit(hostile + "x"))), ExpectedVersion.any()))
                .then().block(WAIT);

        List<RecordedEvent> byStream = ports.events().find(EventQuery.forStream(exact)).collectList().block(WAIT);
        assertThat(byStream).singleElement().satisfies(event -> {
            assertThat(event.aggregateId()).isEqualTo(hostile);
            assertThat(event.type()).isEqualTo(hostile);
        });
        assertThat(ports.events().find(EventQuery.builder().aggregateType(aggregateType).type(hostile).build()).collectList().block(WAIT))
                .extracting(RecordedEvent::aggregateId).containsExactly(hostile);
        assertThat(ports.events().stats(exact).block(WAIT).eventTypes()).containsOnlyKeys(hostile);
        assertThat(ports.snapshots().save(new NewSnapshot(exact, 1, Json.parse("{\"k\":\"" + "'%_;".repeat(3) + "\"}"), 1))
                .then(ports.snapshots().findLatest(exact, 1)).block(WAIT).stream()).isEqualTo(exact);
    }

    private static String fit(String text) {
        return text.length() <= 255 ? text : text.substring(text.length() - 255);
    }

    @Test
    void rejectsOverlongNamesBeforeAnyIo() {
        assertThatThrownBy(() -> StreamId.of("x".repeat(256), "order"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("aggregateId"));
        assertThatThrownBy(() -> EventQuery.builder().type("y".repeat(10_000)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("types"));
    }

    @Test
    void aNulEscapeIsAValidationErrorWhenTheValueIsMadeNotADriverError() {
        StreamId stream = StreamId.of("nul-" + UUID.randomUUID(), "order");
        assertThatThrownBy(() -> event(stream, "Bad", "{\"text\": \"a\\u0000b\"}"))
                .isInstanceOfSatisfying(ValidationException.class, v -> assertThat(v.field()).isEqualTo("payload"));
        assertThatThrownBy(() -> new NewSnapshot(stream, 1, Json.parse("{\"s\": \"\\u0000\"}"), 1))
                .isInstanceOfSatisfying(ValidationException.class, v -> assertThat(v.field()).isEqualTo("state"));
        NewEvent escapedBackslash = event(stream, "Fine", "{\"text\": \"a\\\\u0000b\"}");

        ports.events().append(new AppendRequest(List.of(escapedBackslash), ExpectedVersion.any()))
                .as(StepVerifier::create)
                .assertNext(event -> assertThat(event.payload().node().get("text").asString()).isEqualTo("a\\u0000b"))
                .expectComplete().verify(WAIT);
    }

    @Test
    void aFailedBatchLeavesNoPartialWrite() {
        StreamId first = StreamId.of("batch-a-" + UUID.randomUUID(), "order");
        StreamId second = StreamId.of("batch-b-" + UUID.randomUUID(), "order");
        NewEvent elsewhere = event(StreamId.of("other-" + UUID.randomUUID(), "order"), "Stored");
        ports.events().append(new AppendRequest(List.of(elsewhere), ExpectedVersion.any())).then().block(WAIT);
        NewEvent clash = new NewEvent(elsewhere.eventId(), "Clash", second, "tester", Json.emptyObject(), Json.emptyObject(), 1);

        ports.events().append(new AppendRequest(List.of(event(first, "A"), event(second, "B"), event(first, "C"), clash), ExpectedVersion.any()))
                .as(StepVerifier::create).expectError(DuplicateEventException.class).verify(WAIT);

        for (StreamId stream : List.of(first, second)) {
            ports.events().find(EventQuery.forStream(stream)).count().as(StepVerifier::create).expectNext(0L).expectComplete().verify(WAIT);
            ports.sequences().currentSequence(stream).as(StepVerifier::create).expectNext(0L).expectComplete().verify(WAIT);
        }
    }
}
