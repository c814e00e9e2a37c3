package io.github.beatbrackerz.eventstore.r2dbc.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback that a test can break the way networks break: {@link #freeze()} stops
 * forwarding on every connection, open and new (a partition, or a server that hangs); {@link
 * #thaw()} lets new connections through again while the frozen ones stay frozen for good (they
 * died silently); {@link #down()} refuses connections (the server is gone) and {@link #up()}
 * accepts them again on the same port.
 *
 * <p>Blocking sockets and two daemon threads per connection: test code only.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger attempts = new AtomicInteger();
    private final int port;
    private volatile ServerSocket server;
    private volatile boolean frozen;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = bind(0);
        this.port = server.getLocalPort();
        startAccepting(server);
    }

    /**
     * Starts a proxy to a target.
     *
     * @param host the target host
     * @param port the target port
     * @return the running proxy, listening on an ephemeral loopback port
     */
    public static TcpProxy start(String host, int port) {
        try {
            return new TcpProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the loopback port the proxy listens on */
    public int port() {
        return port;
    }

    /** @return how many connections clients have opened or tried to open while the proxy was up */
    public int connectionAttempts() {
        return attempts.get();
    }

    /** Stops forwarding on every open connection and on every new one until {@link #thaw()}. */
    public void freeze() {
        frozen = true;
        links.forEach(link -> link.frozen = true);
    }

    /** Forwards new connections again; connections frozen so far stay frozen. */
    public void thaw() {
        frozen = false;
    }

    /** Closes every connection and refuses new ones. */
    public void down() {
        closeQuietly(server);
        links.forEach(Link::close);
    }

    /** Accepts connections again, on the same port. */
    public void up() {
        try {
            server = bind(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startAccepting(server);
    }

    @Override
    public void close() {
        closed = true;
        down();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void startAccepting(ServerSocket listening) {
        daemon("tcp-proxy-accept-" + port, () -> {
            while (!closed && !listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    attempts.incrementAndGet();
                    Socket upstream = new Socket(target.getAddress(), target.getPort());
                    Link link = new Link(client, upstream, frozen);
                    links.add(link);
                    link.start();
                } catch (IOException e) {
                    // the server socket was closed by down() or close()
                }
            }
        });
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }

    /** One proxied connection: a pump each way. */
    private final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;

        Link(Socket client, Socket upstream, boolean frozen) {
            this.client = client;
            this.upstream = upstream;
            this.frozen = frozen;
        }

        void start() throws IOException {
            pump(client.getInputStream(), upstream.getOutputStream());
            pump(upstream.getInputStream(), client.getOutputStream());
        }

        void pump(InputStream in, OutputStream out) {
            daemon("tcp-proxy-pump-" + port, () -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    int read;
                    while ((read = in.read(buffer)) >= 0) {
                        while (frozen && !client.isClosed()) {
                            // hold the bytes: a frozen connection neither forwards nor closes
                            LockSupport.parkNanos(20_000_000L);
                        }
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                } catch (SocketException e) {
                    // closed by the other pump, by down() or by a peer
                } catch (IOException e) {
                    // a broken connection ends the link
                } finally {
                    close();
                }
            });
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }
}
