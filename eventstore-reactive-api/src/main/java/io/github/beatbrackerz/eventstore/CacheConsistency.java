package io.github.beatbrackerz.eventstore;

/** How far a read served from the cache may be trusted. */
public enum CacheConsistency {

    /**
     * The default. Each cached aggregate read also asks storage for the stream's last sequence
     * number (an index probe, made at the same time as the cache read); a cached prefix that falls
     * short of it is completed with a storage read of the events after it. So a read always
     * includes every event whose append completed before it began, across store instances and
     * after cache outages. Saves the transfer and decoding of the cached prefix.
     *
     * <p>The probe returns the stream's last stored event, and a cached prefix is served only as
     * far as its events are the stored ones (compared by id at the stream's stored end, or at the
     * prefix's end when storage holds more): after PostgreSQL was restored to an earlier point, a
     * stream deleted or the tables truncated, even with other events appended since under the same
     * sequence numbers, no vanished or replaced event is served, and the stale entry is evicted.
     * Cached statistics are checked the same way. Events read by id are not checked; for them
     * the same probe returns the store's cache epoch, and when it differs from the epoch the cache
     * records, the cache is cleared once (see the README, "After a restore").
     */
    VERIFIED,

    /**
     * Opt-in, faster. A cached stream is served as it is. Appends through this store update the
     * cache synchronously, but an append made by another writer, or while the cache was
     * unreachable, stays invisible to cached reads until the entry expires (its TTL) or is
     * cleared. Use only where bounded staleness is acceptable.
     *
     * <p>Without the probe nothing ties cached streams, snapshots and counters to what is stored:
     * after PostgreSQL is restored, a stream deleted or the tables truncated outside this store,
     * cached entries keep being served until they expire, and the store's cache epoch is not read.
     * Clear the cache then ({@code clearCache()}, see the README, "After a restore").
     */
    TRUST_CACHE
}
