package io.github.beatbrackerz.eventstore.redis.test;

import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * A private {@code redis-server} process on a free loopback port, that a test may stop, start again
 * on the same port, or freeze. The executable is the {@code redis-server} on the PATH when there is
 * one, otherwise the Redis 6.2 binary bundled in embedded-redis for this OS and architecture,
 * extracted once per JVM to a temp file deleted at exit; the choice is logged at INFO, and
 * {@code EVENTSTORE_TEST_REDIS_SERVER_BINARY} ({@code auto}, {@code path}, {@code bundled} or a
 * path; or {@code -Deventstore.test.redis.server.binary}) overrides it. Fails loudly, never skips,
 * when there is no binary that runs. Every server runs as a child process with
 * {@code --save "" --appendonly no} (nothing persisted, so a restart comes back empty) in a temp
 * dir of its own, which also holds its log ({@code redis.log}). Stopped at JVM exit at the latest.
 * {@link #pause()} needs a POSIX {@code kill}.
 *
 * <p>Keep what the tests ask of these servers within Redis 6.2, the bundled version: today that is
 * the options above and {@code --cluster-*}, {@code CLIENT KILL TYPE normal}, {@code CLUSTER
 * MEET/ADDSLOTS/INFO}, {@code CONFIG SET requirepass}, and the library's own EVAL/EVALSHA, list,
 * hash, {@code SET PX}, {@code UNLINK}, {@code SCAN} and {@code INFO memory}. Nothing Redis 7-only
 * ({@code FUNCTION}, {@code CLIENT NO-EVICT}, {@code EXPIRE NX}, {@code --enable-debug-command}, ACL
 * selectors); use {@link #serverVersion()} to gate a test that needs it.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final @Nullable Path configFile;
    private @Nullable Process process;

    private RedisProcess(int port, Path dir, List<String> extraArgs, @Nullable Path configFile) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
        this.configFile = configFile;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /**
     * Starts a server on a free port.
     *
     * @param extraArgs further {@code redis-server} arguments, e.g. {@code --cluster-enabled yes}
     * @return the running server
     * @throws IllegalStateException when there is no {@code redis-server} to run or it does not start
     */
    public static RedisProcess launch(String... extraArgs) {
        return launch(List.of(), List.of(extraArgs));
    }

    /**
     * Starts a Sentinel ({@code redis-server <config> --sentinel}) on a free port. A Sentinel needs
     * a config file it may rewrite; it is written to the process's temp dir from {@code configLines}.
     *
     * @param configLines lines of its config file, e.g. {@code sentinel monitor mymaster 127.0.0.1 6379 2}
     * @return the running Sentinel
     */
    public static RedisProcess launchSentinel(String... configLines) {
        return launch(List.of(configLines), List.of("--sentinel"));
    }

    private static RedisProcess launch(List<String> configLines, List<String> extraArgs) {
        RedisServerBinary.get(); // fail (and log) before making a temp dir
        try {
            Path dir = Files.createTempDirectory("es-redis-");
            Path config = null;
            if (!configLines.isEmpty()) {
                config = dir.resolve("redis.conf");
                Files.write(config, configLines, StandardCharsets.UTF_8);
            }
            RedisProcess server = new RedisProcess(freePort(), dir, extraArgs, config);
            try {
                server.start();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether {@code redis-server} is on the PATH (the tests run the bundled one when it is not) */
    public static boolean onPath() {
        return RedisServerBinary.onPath().isPresent();
    }

    /**
     * @return the version of the {@code redis-server} these processes run, e.g. {@code 6.2.11} for the
     *     bundled one; resolves the binary as {@link #launch(String...)} does
     */
    public static String serverVersion() {
        return RedisServerBinary.get().version();
    }

    /** @return the port */
    public int port() {
        return port;
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    public RedisURI uri() {
        return RedisURI.create("redis://127.0.0.1:" + port);
    }

    /** Starts the server (again) on its port and waits until it answers PING. */
    public synchronized void start() {
        if (process != null) {
            return;
        }
        RedisServerBinary binary = RedisServerBinary.get();
        List<String> command = new ArrayList<>(List.of(binary.executable().toString()));
        if (configFile != null) {
            command.add(configFile.toString()); // redis-server takes a config file only as its first argument
        }
        command.addAll(List.of("--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(extraArgs);
        Path log = dir.resolve("redis.log");
        Process started;
        try {
            started = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command, e);
        }
        process = started;
        try {
            Awaitility.await("redis-server on port " + port + " answers PING").atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException("exited with " + started.exitValue());
                        }
                        return ping(port);
                    });
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("redis-server " + binary.version() + " (" + binary.executable() + ", "
                    + binary.origin() + ") did not start on port " + port + ": " + e.getMessage() + "; command "
                    + command + "; log:\n" + tail(log), e);
        }
    }

    /** Kills the server (SIGKILL, also when paused): clients see their connections drop and reconnects fail until {@link #start()}. */
    public synchronized void stop() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
            try {
                if (!running.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("redis-server pid " + running.pid() + " on port " + port
                            + " still runs 10 s after SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Freezes the process (SIGSTOP): connections stay open and commands go unanswered until {@link #resume()}. */
    public synchronized void pause() {
        signal("-STOP");
    }

    /** Lets a {@link #pause() paused} process run again (SIGCONT). */
    public synchronized void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(running.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort: a temp dir left behind is harmless
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
