package io.github.beatbrackerz.eventstore.redis.test;

import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * A private {@code redis-server} process on a free loopback port, that a test may stop and start
 * again on the same port. Uses the {@code redis-server} on the PATH, or the binary that
 * embedded-redis ships when there is none. Stopped at JVM exit at the latest.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private @Nullable Process process;
    private redis.embedded.@Nullable RedisServer embedded;

    private RedisProcess(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /**
     * Starts a server on a free port.
     *
     * @param extraArgs further {@code redis-server} arguments, e.g. {@code --cluster-enabled yes}
     * @return the running server
     */
    public static RedisProcess launch(String... extraArgs) {
        try {
            RedisProcess server = new RedisProcess(freePort(), Files.createTempDirectory("es-redis-"), List.of(extraArgs));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether {@code redis-server} is on the PATH */
    public static boolean onPath() {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "redis-server")));
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
        if (process != null || embedded != null) {
            return;
        }
        try {
            if (onPath()) {
                List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
                command.addAll(extraArgs);
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile()).start();
            } else {
                redis.embedded.core.RedisServerBuilder builder = redis.embedded.RedisServer.newRedisServer()
                        .port(port).bind("127.0.0.1").setting("save \"\"").setting("dir " + dir);
                for (int i = 0; i + 1 < extraArgs.size(); i += 2) {
                    builder.setting(extraArgs.get(i).substring(2) + " " + extraArgs.get(i + 1));
                }
                embedded = builder.build();
                embedded.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPing(port, START_TIMEOUT);
    }

    /** Kills the server: clients see their connections drop and reconnects fail until {@link #start()}. */
    public synchronized void stop() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
            try {
                running.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        redis.embedded.RedisServer server = embedded;
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            embedded = null;
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
            throw new IllegalStateException("pausing needs a redis-server process from the PATH");
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
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp dir left behind is harmless
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static void awaitPing(int port, Duration timeout) {
        Awaitility.await("redis-server on port " + port + " answers PING")
                .atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> ping(port));
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
