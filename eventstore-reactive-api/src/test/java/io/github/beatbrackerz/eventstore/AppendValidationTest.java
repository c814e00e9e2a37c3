package io.github.beatbrackerz.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.StorageLimits;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AppendValidationTest {

    private final AppendValidation validation = new AppendValidation(EventStoreOptions.defaults());

    private static NewEvent event() {
        return NewEvent.builder().type("Added").aggregateId("o-1").aggregateType("order").createdBy("t").build();
    }

    @Test
    void assignsMissingIdsAndKeepsGivenOnes() {
        UUID given = UUID.randomUUID();
        AppendRequest request = validation.prepare(List.of(event(), event().withEventId(given)), ExpectedVersion.any());
        assertThat(request.events().get(0).eventId()).isNotNull();
        assertThat(request.events().get(0).eventId().version()).isEqualTo(7);
        assertThat(request.events().get(1).eventId()).isEqualTo(given);
    }

    @Test
    void countsUtf8BytesOfEveryWidth() {
        assertThat(AppendValidation.utf8Length("a", 100)).isEqualTo(1);
        assertThat(AppendValidation.utf8Length("é", 100)).isEqualTo(2);
        assertThat(AppendValidation.utf8Length("€", 100)).isEqualTo(3);
        assertThat(AppendValidation.utf8Length("\uD83D\uDE00", 100)).isEqualTo(4);
        assertThat(AppendValidation.utf8Length("x".repeat(1000), 10)).isGreaterThan(10).isLessThan(1000);
    }

    @Test
    void escapedBackslashesBeforeU0000AreOrdinaryText() {
        assertThatCode(() -> StorageLimits.jsonb("payload", "{\"t\":\"\\\\u0000\"}")).doesNotThrowAnyException();
        assertThatCode(() -> StorageLimits.jsonb("payload", "{\"t\":\"\\\\\\\\u0000\"}")).doesNotThrowAnyException();
        assertThatThrownBy(() -> StorageLimits.jsonb("payload", "{\"t\":\"\\\\\\u0000\"}"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void pairedSurrogateEscapesAndOtherEscapesPass() {
        assertThatCode(() -> StorageLimits.jsonb("payload", "{\"t\":\"\\ud83d\\ude00 \\n \\\" \\u00e9 \\/\"}"))
                .doesNotThrowAnyException();
    }

    @Test
    void aPayloadExactlyAtTheLimitPasses() {
        NewEvent tenBytes = NewEvent.builder().type("A").aggregateId("o").aggregateType("t").createdBy("t")
                .payloadJson("{\"a\":\"é\"}").build();
        AppendValidation exact = new AppendValidation(EventStoreOptions.builder().maxPayloadBytes(10).build());
        AppendValidation tooSmall = new AppendValidation(EventStoreOptions.builder().maxPayloadBytes(9).build());
        assertThatCode(() -> exact.prepare(List.of(tenBytes), ExpectedVersion.any())).doesNotThrowAnyException();
        assertThatThrownBy(() -> tooSmall.prepare(List.of(tenBytes), ExpectedVersion.any())).isInstanceOf(ValidationException.class);
    }
}
