package io.github.beatbrackerz.eventstore.model;

import org.jspecify.annotations.Nullable;

/**
 * What {@code getCacheStats} reports.
 *
 * @param enabled whether a cache is configured
 * @param type the cache's kind, for example {@code redis} or {@code none}
 * @param keys how many keys the cache holds under its prefix, or {@code null} if unknown
 * @param memoryBytes memory used by the cache server, or {@code null} if unknown
 */
public record CacheStats(boolean enabled, String type, @Nullable Long keys, @Nullable Long memoryBytes) {

    /** @return the statistics of a store without a cache */
    public static CacheStats disabled() {
        return new CacheStats(false, "none", null, null);
    }
}
