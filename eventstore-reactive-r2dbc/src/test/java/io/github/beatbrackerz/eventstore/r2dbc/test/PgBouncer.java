package io.github.beatbrackerz.eventstore.r2dbc.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * A real PgBouncer in {@code pool_mode = transaction} in front of the test server: what Supabase's
 * transaction pooler (port 6543) is. Each server connection is lent to a client for one
 * transaction only, so anything that relies on session state breaks through it. Register it after
 * the {@link PostgresTestDatabase} it fronts.
 *
 * <p>Needs the {@code pgbouncer} executable (Debian: {@code apt-get install pgbouncer}; {@code
 * .ci/run} installs it). Without it the test class fails when {@value #REQUIRED} is {@code true}
 * (as {@code .ci/run} sets it) and is otherwise aborted with that instruction, which the test
 * report shows as skipped with the reason. PgBouncer refuses to run as
 * root, so as root it is started with {@code -u postgres}.
 */
public final class PgBouncer implements BeforeAllCallback, AfterAllCallback {

    /** The environment variable that makes a missing {@code pgbouncer} a failure instead of an abort. */
    public static final String REQUIRED = "EVENTSTORE_TEST_REQUIRE_PGBOUNCER";

    private static final Logger LOG = Loggers.getLogger(PgBouncer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final PostgresTestDatabase database;
    private final int serverConnections;
    private @Nullable Process process;
    private @Nullable Path directory;
    private int port;

    private PgBouncer(PostgresTestDatabase database, int serverConnections) {
        this.database = database;
        this.serverConnections = serverConnections;
    }

    /**
     * @param database the test database it fronts (registered before this extension)
     * @param serverConnections how many server connections it keeps for all its clients ({@code default_pool_size})
     * @return the extension
     */
    public static PgBouncer transactionMode(PostgresTestDatabase database, int serverConnections) {
        return new PgBouncer(database, serverConnections);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path executable = executable().orElse(null);
        if (executable == null) {
            String missing = "pgbouncer is not installed (Debian: apt-get install pgbouncer; .ci/run installs it)";
            if (Boolean.parseBoolean(System.getenv(REQUIRED))) {
                throw new IllegalStateException(missing);
            }
            Assumptions.abort(missing);
        }
        ServerAddress server = database.server();
        port = freePort();
        Path dir = Files.createTempDirectory("es-pgbouncer-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        directory = dir;
        Files.writeString(dir.resolve("users.txt"), "\"" + server.user() + "\" \"\"\n");
        Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n",
                "[databases]",
                server.database() + " = host=" + server.host() + " port=" + server.port() + " dbname=" + server.database()
                        + " user=" + server.user() + (server.password() == null ? "" : " password=" + server.password()),
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = trust",
                "auth_file = " + dir.resolve("users.txt"),
                "pool_mode = transaction",
                "default_pool_size = " + serverConnections,
                "max_client_conn = 500",
                // r2dbc-postgresql sends extra_float_digits at startup; PgBouncer refuses unknown startup parameters
                "ignore_startup_parameters = extra_float_digits,options",
                "logfile = " + dir.resolve("pgbouncer.log"),
                ""));
        for (Path file : List.of(dir.resolve("users.txt"), dir.resolve("pgbouncer.ini"))) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "postgres"));
        }
        command.add(dir.resolve("pgbouncer.ini").toString());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        awaitListening();
        LOG.info("PgBouncer (transaction mode, {} server connections) on 127.0.0.1:{} in front of {}:{}", serverConnections, port,
                server.host(), server.port());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Process running = process;
        if (running != null) {
            running.destroy();
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly();
            }
            process = null;
        }
        Path dir = directory;
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
            directory = null;
        }
    }

    /** @return an R2DBC URL for the test database through this PgBouncer, without options */
    public String r2dbcUrl() {
        ServerAddress server = database.server();
        return new ServerAddress("127.0.0.1", port, server.database(), server.user(), server.password(), "pgbouncer").r2dbcUrl();
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Process running = process;
            if (running != null && !running.isAlive()) {
                throw new IllegalStateException("pgbouncer exited with " + running.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("pgbouncer did not listen on " + port + " within " + START_TIMEOUT + ": " + log());
    }

    private String log() throws IOException {
        Path dir = directory;
        if (dir == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (String name : List.of("stdout.txt", "pgbouncer.log")) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }

    private static Optional<Path> executable() {
        Stream<Path> candidates = Stream.concat(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).filter(dir -> !dir.isEmpty())
                        .map(dir -> Path.of(dir, "pgbouncer")),
                Stream.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/local/sbin/pgbouncer")));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
