package io.github.beatbrackerz.eventstore;

/** How far a read served from the cache may be trusted. */
public enum CacheConsistency {

    /**
     * The default. Each cached aggregate read also asks storage for the stream's last sequence
     * number (an index probe, made at the same time as the cache read); a cached prefix that falls
     * short of it is completed with a storage read of the events after it. So a read always
     * includes every event whose append completed before it began, across store instances and
     * after cache outages. Saves the transfer and decoding of the cached prefix.
     */
    VERIFIED,

    /**
     * Opt-in, faster. A cached stream is served as it is. Appends through this store update the
     * cache synchronously, but an append made by another writer, or while the cache was
     * unreachable, stays invisible to cached reads until the entry expires (its TTL) or is
     * cleared. Use only where bounded staleness is acceptable.
     */
    TRUST_CACHE
}
