package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RedisCacheOptionsTest {

    @Test
    void defaultsFollowTheSpecification() {
        RedisCacheOptions options = RedisCacheOptions.defaults();
        assertThat(options.keyPrefix()).isEqualTo("es:");
        assertThat(options.eventsTtl()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(options.snapshotsTtl()).isEqualTo(Duration.ofSeconds(7200));
        assertThat(options.sequencesTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(options.aggregateEventsTtl()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.maxCachedStreamLength()).isEqualTo(10_000);
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        RedisCacheOptions.Builder b = RedisCacheOptions.builder();
        assertField(() -> b.keyPrefix(""), "keyPrefix");
        assertField(() -> b.keyPrefix("app{1}:"), "keyPrefix");
        assertField(() -> b.keyPrefix("new\nline"), "keyPrefix");
        assertField(() -> b.keyPrefix(null), "keyPrefix");
        assertField(() -> b.eventsTtl(Duration.ZERO), "eventsTtl");
        assertField(() -> b.snapshotsTtl(Duration.ofSeconds(-1)), "snapshotsTtl");
        assertField(() -> b.sequencesTtl(Duration.ofNanos(10)), "sequencesTtl");
        assertField(() -> b.aggregateEventsTtl(null), "aggregateEventsTtl");
        assertField(() -> b.statsTtl(Duration.ZERO), "statsTtl");
        assertField(() -> b.connectTimeout(Duration.ZERO), "connectTimeout");
        assertField(() -> b.maxCachedStreamLength(0), "maxCachedStreamLength");
    }

    @Test
    void factoriesRejectBadArgumentsNamingTheField() {
        assertField(() -> RedisEventCaches.standalone("not a uri at all"), "uri");
        assertField(() -> RedisEventCaches.cluster(java.util.List.of(), RedisCacheOptions.defaults()), "seeds");
        assertField(() -> RedisEventCaches.sentinel(io.lettuce.core.RedisURI.create("redis://127.0.0.1:6379"),
                RedisCacheOptions.defaults()), "uri");
    }

    private static void assertField(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(field))
                .hasMessageStartingWith(field + " ");
    }
}
