package io.github.beatbrackerz.eventstore.redis.tck;

import io.github.beatbrackerz.eventstore.CacheConsistency;

/** The TCK on PostgreSQL with a standalone Redis cache, in the default {@link CacheConsistency#VERIFIED} mode. */
class PostgresRedisVerifiedConformanceIntegrationTest extends PostgresRedisStandaloneConformance {

    @Override
    CacheConsistency consistency() {
        return CacheConsistency.VERIFIED;
    }
}
