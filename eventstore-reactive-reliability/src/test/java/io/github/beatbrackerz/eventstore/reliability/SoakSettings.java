package io.github.beatbrackerz.eventstore.reliability;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The soak's length and seed: system properties {@code soak.duration} (ISO-8601, default
 * {@code PT150S}) and {@code soak.seed}, or environment variables {@code SOAK_DURATION} and
 * {@code SOAK_SEED}. Without a seed a random one is drawn and printed, so any run can be repeated.
 */
record SoakSettings(Duration duration, long seed) {

    static final Duration DEFAULT_DURATION = Duration.ofSeconds(150);

    static SoakSettings fromEnvironment() {
        String duration = value("soak.duration", "SOAK_DURATION");
        String seed = value("soak.seed", "SOAK_SEED");
        return new SoakSettings(
                duration == null ? DEFAULT_DURATION : Duration.parse(duration),
                seed == null ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed));
    }

    /** Long runs rotate streams sooner relative to their length; CI-length runs keep every stream. */
    boolean isLong() {
        return duration.compareTo(Duration.ofMinutes(5)) > 0;
    }

    private static @Nullable String value(String property, String variable) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(variable);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }
}
