package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import org.junit.jupiter.api.Test;

class JsonbTextTest {

    @Test
    void rejectsTheNulEscapeNamingTheField() {
        assertThatThrownBy(() -> JsonbText.requireStorable("payload", "{\"a\":\"x\\u0000\"}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("payload"))
                .hasMessageContaining("\\u0000");
        assertThatThrownBy(() -> JsonbText.requireStorable("state", "{\"a\":\"\\\\\\u0000\"}")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> JsonbText.requireStorable("metadata", "{\"a\":\"\u0000\"}")).isInstanceOf(ValidationException.class);
    }

    @Test
    void acceptsAnEscapedBackslashFollowedByU0000AndOtherEscapes() {
        String text = "{\"a\":\"\\\\u0000 \\u0001 \\n \\\" \\\\\"}";
        assertThat(JsonbText.requireStorable("payload", text)).isSameAs(text);
    }
}
