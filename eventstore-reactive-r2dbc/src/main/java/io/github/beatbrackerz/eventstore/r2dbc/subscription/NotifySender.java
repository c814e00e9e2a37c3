package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.r2dbc.internal.ConnectionRelease;
import io.github.beatbrackerz.eventstore.r2dbc.internal.PostgresErrors;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Sends the wake-up hint after appends. The hint is a bare {@code NOTIFY} in its own statement,
 * outside the append's transaction (a NOTIFY inside it would serialise every commit on the
 * cluster-wide notification lock), with an empty payload, and coalesced: one pipeline sends one
 * at a time, and hints that arrive meanwhile collapse into one follow-up. A failed or timed-out
 * NOTIFY is logged and the pipeline goes on: polling delivers what a lost hint would have woken.
 */
final class NotifySender {

    private static final Logger LOG = Loggers.getLogger(NotifySender.class);

    private final ConnectionFactory connections;
    private final String sql;
    private final Duration timeout;
    private final Sinks.Many<Boolean> hints = Sinks.many().unicast().onBackpressureBuffer();
    private final Disposable pipeline;

    NotifySender(ConnectionFactory connections, String channel, Duration timeout) {
        this.connections = connections;
        this.sql = "NOTIFY " + channel;
        this.timeout = timeout;
        this.pipeline = hints.asFlux()
                .onBackpressureLatest()
                .concatMap(hint -> send(), 0)
                .subscribe();
    }

    /** Schedules a hint; returns at once, never blocks, never throws. No-op once closed. */
    void appended() {
        try {
            // Concurrent appenders contend for the sink only for the instant of an enqueue.
            hints.emitNext(Boolean.TRUE, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(50)));
        } catch (Sinks.EmissionException e) {
            LOG.debug("NOTIFY hint dropped: {}", e.toString());
        }
    }

    /** Stops sending; a NOTIFY in flight is cancelled. */
    void close() {
        hints.tryEmitComplete();
        pipeline.dispose();
    }

    private Mono<Void> send() {
        return Mono.usingWhen(connections.create(),
                        connection -> Flux.from(connection.createStatement(sql).execute())
                                .concatMap(result -> result.getRowsUpdated()).then(),
                        Connection::close, (connection, error) -> connection.close(), ConnectionRelease::discard)
                .timeout(timeout)
                .onErrorMap(PostgresErrors::translate)
                .onErrorResume(error -> {
                    LOG.warn("{} failed; polling delivers instead: {}", sql, error.toString());
                    return Mono.empty();
                });
    }
}
