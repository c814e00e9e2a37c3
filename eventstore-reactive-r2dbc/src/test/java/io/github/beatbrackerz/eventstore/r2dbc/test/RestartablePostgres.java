package io.github.beatbrackerz.eventstore.r2dbc.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A dedicated embedded PostgreSQL 17 (io.zonky) that a test may stop and start again: it keeps its
 * data directory (a temporary directory of its own) and its port across restarts, so clients
 * reconnect to the same address and find their data. Never the shared server: only this object's
 * own postmaster is ever stopped. {@link #close()} stops it and deletes the data directory.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private @Nullable EmbeddedPostgres running;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** @return a new server on a free port and a new data directory, running */
    static RestartablePostgres launch() {
        try {
            RestartablePostgres server = new RestartablePostgres(Files.createTempDirectory("es-restartable-pg-"), freePort());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a restartable embedded PostgreSQL", e);
        }
    }

    /** @return where it listens (the same across restarts) */
    public ServerAddress address() {
        return new ServerAddress("127.0.0.1", port, "postgres", "postgres", null, "embedded-restartable");
    }

    /** Starts the postmaster on the data directory and port (runs initdb the first time only); blocks until it accepts connections. */
    public synchronized void start() {
        if (running != null) {
            throw new IllegalStateException("already running");
        }
        try {
            running = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the restartable embedded PostgreSQL", e);
        }
    }

    /** Stops the postmaster with a fast shutdown ({@code pg_ctl stop -m fast}: sessions are terminated, transactions rolled back); blocks until it is down. */
    public synchronized void stop() {
        EmbeddedPostgres current = running;
        if (current == null) {
            throw new IllegalStateException("not running");
        }
        running = null;
        try {
            current.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the restartable embedded PostgreSQL did not stop cleanly", e);
        }
    }

    /** @return whether the postmaster runs */
    public synchronized boolean isRunning() {
        return running != null;
    }

    /** Stops the server if it runs and deletes its data directory. */
    @Override
    public synchronized void close() {
        if (running != null) {
            stop();
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDirectory, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
