package io.github.beatbrackerz.eventstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import org.junit.jupiter.api.Test;

class StorageLimitsTest {

    @Test
    void rejectsTheNulEscapeNamingTheField() {
        assertThatThrownBy(() -> StorageLimits.jsonb("payload", "{\"a\":\"x\\u0000\"}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("payload"))
                .hasMessageContaining("\\u0000");
        assertThatThrownBy(() -> StorageLimits.jsonb("state", "{\"a\":\"\\\\\\u0000\"}")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> StorageLimits.jsonb("metadata", "{\"a\":\"\u0000\"}")).isInstanceOf(ValidationException.class);
    }

    @Test
    void acceptsAnEscapedBackslashFollowedByU0000AndOtherEscapes() {
        String text = "{\"a\":\"\\\\u0000 \\u0001 \\n \\\" \\\\\"}";
        assertThat(StorageLimits.jsonb("payload", text)).isSameAs(text);
    }
}
