package io.github.beatbrackerz.eventstore.redis.tck;

import io.github.beatbrackerz.eventstore.CacheConsistency;

/** The TCK on PostgreSQL with a standalone Redis cache, in the opt-in {@link CacheConsistency#TRUST_CACHE} mode. */
class PostgresRedisTrustCacheConformanceIntegrationTest extends PostgresRedisStandaloneConformance {

    @Override
    CacheConsistency consistency() {
        return CacheConsistency.TRUST_CACHE;
    }
}
