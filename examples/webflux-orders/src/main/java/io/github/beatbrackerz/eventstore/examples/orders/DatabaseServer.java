package io.github.beatbrackerz.eventstore.examples.orders;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Where the event store's PostgreSQL is: the URL the user gave, or an embedded PostgreSQL 17
 * started for this process and deleted when it stops.
 */
public final class DatabaseServer implements AutoCloseable {

    private static final Logger LOG = Loggers.getLogger(DatabaseServer.class);
    private static final Pattern PASSWORD = Pattern.compile("(://[^:/@]+:)[^@]*@");

    private final String url;
    private final @Nullable EmbeddedPostgres embedded;

    private DatabaseServer(String url, @Nullable EmbeddedPostgres embedded) {
        this.url = url;
        this.embedded = embedded;
    }

    /**
     * Uses the given URL when there is one, else starts an embedded PostgreSQL (about 3 s), and
     * logs which.
     *
     * @param url an R2DBC URL, or {@code null}/blank for the embedded server
     * @return the server
     * @throws UncheckedIOException if the embedded server cannot start
     */
    public static DatabaseServer of(@Nullable String url) {
        if (url != null && !url.isBlank()) {
            LOG.info("Event store on PostgreSQL at {}", PASSWORD.matcher(url).replaceAll("$1***@"));
            return new DatabaseServer(url.strip(), null);
        }
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            String embeddedUrl = "r2dbc:postgresql://postgres@127.0.0.1:" + server.getPort() + "/postgres";
            LOG.info("Event store on embedded PostgreSQL 17 at {} (set EVENTSTORE_R2DBC_URL to use your own; data is deleted on exit)", embeddedUrl);
            return new DatabaseServer(embeddedUrl, server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    /** @return the R2DBC URL of the server, with the user's options (such as {@code schema}) */
    public String url() {
        return url;
    }

    /** @return whether this process started the server */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Stops the embedded server, if this process started one. */
    @Override
    public void close() {
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
