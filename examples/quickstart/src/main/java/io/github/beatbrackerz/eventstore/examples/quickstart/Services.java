package io.github.beatbrackerz.eventstore.examples.quickstart;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

/**
 * Where the quickstart's PostgreSQL and Redis come from: the URLs in {@code EVENTSTORE_R2DBC_URL}
 * and {@code EVENTSTORE_REDIS_URL} when set, otherwise real embedded servers started here (so a
 * machine with only a JDK runs the walk-through).
 */
final class Services implements AutoCloseable {

    private final String r2dbcUrl;
    private final String redisUrl;
    private final @Nullable EmbeddedPostgres embeddedPostgres;
    private final @Nullable RedisServer embeddedRedis;

    private Services(String r2dbcUrl, String redisUrl, @Nullable EmbeddedPostgres postgres, @Nullable RedisServer redis) {
        this.r2dbcUrl = r2dbcUrl;
        this.redisUrl = redisUrl;
        this.embeddedPostgres = postgres;
        this.embeddedRedis = redis;
    }

    /**
     * Starts whatever the environment does not provide, and says which it uses.
     *
     * @return the running services
     * @throws IOException if an embedded server cannot start
     */
    static Services start() throws IOException {
        String r2dbcUrl = System.getenv("EVENTSTORE_R2DBC_URL");
        EmbeddedPostgres postgres = null;
        if (r2dbcUrl == null || r2dbcUrl.isBlank()) {
            postgres = EmbeddedPostgres.builder().start();
            r2dbcUrl = "r2dbc:postgresql://postgres@localhost:" + postgres.getPort() + "/postgres";
            System.out.println("PostgreSQL: embedded, on port " + postgres.getPort());
        } else {
            System.out.println("PostgreSQL: EVENTSTORE_R2DBC_URL");
        }
        String redisUrl = System.getenv("EVENTSTORE_REDIS_URL");
        RedisServer redis = null;
        if (redisUrl == null || redisUrl.isBlank()) {
            int port = freePort();
            redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port).build();
            redis.start();
            redisUrl = "redis://127.0.0.1:" + port;
            System.out.println("Redis:      embedded, on port " + port);
        } else {
            System.out.println("Redis:      EVENTSTORE_REDIS_URL");
        }
        return new Services(r2dbcUrl, redisUrl, postgres, redis);
    }

    /** @return the PostgreSQL R2DBC URL */
    String r2dbcUrl() {
        return r2dbcUrl;
    }

    /** @return the Redis URL */
    String redisUrl() {
        return redisUrl;
    }

    @Override
    public void close() throws IOException {
        if (embeddedRedis != null) {
            embeddedRedis.stop();
        }
        if (embeddedPostgres != null) {
            embeddedPostgres.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
