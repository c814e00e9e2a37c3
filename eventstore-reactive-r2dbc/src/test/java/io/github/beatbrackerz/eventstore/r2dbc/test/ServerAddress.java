package io.github.beatbrackerz.eventstore.r2dbc.test;

import org.jspecify.annotations.Nullable;

/**
 * Where a test PostgreSQL server listens.
 *
 * @param host the host
 * @param port the port
 * @param database the database
 * @param user the user
 * @param password the password, or {@code null} for trust authentication
 * @param origin which source supplied it: {@code env}, {@code testcontainers} or {@code embedded}
 */
public record ServerAddress(String host, int port, String database, String user, @Nullable String password, String origin) {

    /** @return an R2DBC URL for this server, without options */
    public String r2dbcUrl() {
        String credentials = password == null ? user : user + ":" + password;
        return "r2dbc:postgresql://" + credentials + "@" + host + ":" + port + "/" + database;
    }
}
