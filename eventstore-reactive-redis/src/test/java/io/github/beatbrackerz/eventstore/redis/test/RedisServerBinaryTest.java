package io.github.beatbrackerz.eventstore.redis.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The choice of {@code redis-server}: the bundled one must run here even when the PATH has one (so
 * a machine with only a JDK can run the suite), and a wrong override fails loudly.
 */
class RedisServerBinaryTest {

    @Test
    void bundledBinaryIsExtractedAndRunsRedis62() {
        RedisServerBinary bundled = RedisServerBinary.resolve(null, "bundled");
        assertThat(bundled.version()).startsWith("6.2.");
        assertThat(bundled.origin()).contains("embedded-redis", RedisServerBinary.VARIABLE + "=bundled");
        assertThat(Files.isExecutable(bundled.executable())).isTrue();
    }

    @Test
    void propertyWinsOverVariable() {
        assertThat(RedisServerBinary.resolve("bundled", "no-such-choice").origin())
                .contains("-D" + RedisServerBinary.PROPERTY + "=bundled");
    }

    @Test
    void autoTakesThePathBinaryWhenThereIsOne() {
        RedisServerBinary auto = RedisServerBinary.resolve(null, null);
        if (RedisProcess.onPath()) {
            assertThat(auto.executable()).isEqualTo(RedisServerBinary.onPath().orElseThrow());
            assertThat(auto.origin()).isEqualTo("the PATH");
        } else {
            assertThat(auto.origin()).contains("embedded-redis", "no redis-server on the PATH");
        }
    }

    @Test
    void anOverrideNamingNoExecutableFails() {
        assertThatThrownBy(() -> RedisServerBinary.resolve(null, "/no/such/redis-server"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(RedisServerBinary.VARIABLE + "=/no/such/redis-server").hasMessageContaining("bundled");
    }
}
