package io.github.beatbrackerz.eventstore.reliability;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.r2dbc.test.ServerAddress;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.r2dbc.spi.ConnectionFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Identifiers taken from configuration end up in SQL text or Redis keys, so each is validated
 * before any I/O: the PostgreSQL schema (builder and URL option), the LISTEN/NOTIFY channel, and
 * the Redis key prefix. (There is no table-prefix option: table names are fixed.)
 * No connection is opened here.
 */
class ConfiguredIdentifierValidationTest {

    private static final ConnectionFactory UNUSED = PrivatePool.unpooled(
            new ServerAddress("127.0.0.1", 1, "none", "nobody", null, "unit"), "es-unit", null);

    @ParameterizedTest
    @ValueSource(strings = {"public; DROP TABLE events", "x\"", "Public", "a-b", "a.b", "1abc", "", " ", "events --", "a b",
            "\u00e9vents", "a\u0000", "sixty_four_characters_are_one_too_many_for_a_postgresql_name_xxxx", "$1", "${schema}"})
    void hostileSchemaNamesAreRejectedNamingTheField(String schema) {
        assertThatThrownBy(() -> R2dbcEventStores.builder(UNUSED).schema(schema))
                .isInstanceOfSatisfying(ValidationException.class, e -> org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo("schema"));
        String url = "r2dbc:postgresql://nobody@127.0.0.1:1/none?schema=" + URLEncoder.encode(schema, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> R2dbcEventStores.connect(url))
                .isInstanceOfSatisfying(ValidationException.class, e -> org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo("schema"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"public", "_x", "events_2024", "sixty_three_characters_are_the_most_a_postgresql_name_may_have"})
    void plainIdentifiersAreAccepted(String schema) {
        assertThatCode(() -> R2dbcEventStores.builder(UNUSED).schema(schema)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"events; NOTIFY x", "Chan", "a-b", "", "x'y"})
    void hostileChannelNamesAreRejectedNamingTheField(String channel) {
        assertThatThrownBy(() -> SubscriptionOptions.builder().channel(channel))
                .isInstanceOfSatisfying(ValidationException.class, e -> org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo("channel"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{tag}", "a}", "a\u0000", "a\r\nFLUSHALL\r\n", "a\ud800"})
    void hostileRedisKeyPrefixesAreRejectedNamingTheField(String prefix) {
        assertThatThrownBy(() -> RedisCacheOptions.builder().keyPrefix(prefix))
                .isInstanceOfSatisfying(ValidationException.class, e -> org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo("keyPrefix"));
    }
}
