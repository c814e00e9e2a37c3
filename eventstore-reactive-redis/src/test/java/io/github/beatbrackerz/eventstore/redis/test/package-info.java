/**
 * Test support exported in the module's test-jar: where Redis comes from in tests
 * ({@link io.github.beatbrackerz.eventstore.redis.test.RedisTestServer}), private killable servers
 * and a loopback Redis Cluster.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.redis.test;

import org.jspecify.annotations.NullMarked;
