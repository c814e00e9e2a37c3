package io.github.beatbrackerz.eventstore.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.StreamId;
import io.lettuce.core.cluster.SlotHash;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

    private static final List<String> HOSTILE = List.of("a", "a:b", "{x}", "}", "{", "\"q\"", "ü", "🎉", "%41", "A", "*",
            "a b", "a}:events");

    @Test
    void encodesAnyIdIntoOneHashTagUnderThePrefix() {
        CacheKeys keys = new CacheKeys("app:");
        Set<String> seen = new HashSet<>();
        for (String id : HOSTILE) {
            for (String type : HOSTILE) {
                StreamId stream = StreamId.of(id, type);
                String key = keys.events(stream);
                assertThat(key).startsWith("app:{").endsWith("}:events");
                String tag = key.substring("app:{".length(), key.length() - "}:events".length());
                assertThat(tag).matches("[A-Za-z0-9._~%:-]+").containsOnlyOnce(":");
                assertThat(seen.add(key)).as("distinct key for %s", stream).isTrue();
                assertThat(SlotHash.getSlot(keys.snapshot(stream))).isEqualTo(SlotHash.getSlot(key));
                assertThat(SlotHash.getSlot(keys.sequence(stream))).isEqualTo(SlotHash.getSlot(keys.stats(stream)));
            }
        }
    }

    @Test
    void percentEncodesUtf8Bytes() {
        assertThat(CacheKeys.encode("a-Z_0.~")).isEqualTo("a-Z_0.~");
        assertThat(CacheKeys.encode("a:b%{}")).isEqualTo("a%3Ab%25%7B%7D");
        assertThat(CacheKeys.encode("ü")).isEqualTo("%C3%BC");
    }

    @Test
    void scanPatternEscapesGlobCharacters() {
        assertThat(new CacheKeys("es:").patterns().get(0)).isEqualTo("es:{*");
        assertThat(new CacheKeys("a*b?[c]\\:").patterns().get(0)).isEqualTo("a\\*b\\?\\[c\\]\\\\:{*");
        assertThat(new CacheKeys("a*").patterns().get(1)).startsWith("a\\*event:[0-9a-f][0-9a-f]");
    }
}
