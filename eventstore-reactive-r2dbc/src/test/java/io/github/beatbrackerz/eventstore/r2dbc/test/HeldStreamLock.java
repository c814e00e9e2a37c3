package io.github.beatbrackerz.eventstore.r2dbc.test;

import io.github.beatbrackerz.eventstore.model.StreamId;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Holds the advisory lock that the append statements take for one stream, in an open transaction of
 * the test's own connection, so that an append to that stream stays in flight until the test
 * releases it: a way to make appends queue behind it without timing. Blocks; for tests only.
 */
public final class HeldStreamLock implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Connection connection;

    private HeldStreamLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * @param factory where the store's events are
     * @param stream the stream whose appends are to wait
     * @return the held lock, taken when this returns
     */
    public static HeldStreamLock hold(ConnectionFactory factory, StreamId stream) {
        Connection connection = Mono.from(factory.create()).block(WAIT);
        Mono.from(connection.beginTransaction())
                .thenMany(Flux.from(connection.createStatement("SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 0))::text")
                        .bind(0, stream.aggregateType()).bind(1, stream.aggregateId()).execute()).concatMap(r -> r.map(row -> 1)))
                .then().block(WAIT);
        return new HeldStreamLock(connection);
    }

    /** Commits the transaction: the waiting appends go on. */
    public void release() {
        Mono.from(connection.commitTransaction()).block(WAIT);
    }

    /** Closes the connection (releasing the lock if still held); never fails. */
    @Override
    public void close() {
        Mono.from(connection.close()).onErrorResume(e -> Mono.empty()).block(WAIT);
    }
}
