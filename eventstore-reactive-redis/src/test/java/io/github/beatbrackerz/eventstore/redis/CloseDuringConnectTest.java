package io.github.beatbrackerz.eventstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.redis.internal.RedisTopology;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * A cache closed while its first connect is under way closes the connections that connect opens
 * when it completes: with a client the user owns, which {@code close()} leaves open, nothing else
 * would. Pure logic: the connect is a sink the test completes.
 */
class CloseDuringConnectTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void connectionsOpenedAfterCloseAreClosedAtOnce() {
        Sinks.One<RedisTopology> connecting = Sinks.one();
        LettuceEventCache cache = new LettuceEventCache(connecting.asMono(), Mono::empty, RedisCacheOptions.defaults());
        Sinks.Empty<Void> connected = Sinks.empty();
        cache.connect().subscribe(null, error -> connected.tryEmitError(error), connected::tryEmitEmpty);

        cache.close().as(StepVerifier::create).expectComplete().verify(WAIT);
        CountingTopology opened = new CountingTopology();
        connecting.tryEmitValue(opened).orThrow();

        assertThat(opened.closes).as("the late connections were closed").hasValue(1);
        connected.asMono().as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(StorageException.class).hasMessageContaining("closed"))
                .verify(WAIT);
        cache.close().as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(opened.closes).as("closed once").hasValue(1);
    }

    @Test
    void closeAfterTheConnectClosesTheConnectionsOnce() {
        CountingTopology opened = new CountingTopology();
        LettuceEventCache cache = new LettuceEventCache(Mono.just(opened), Mono::empty, RedisCacheOptions.defaults());
        cache.connect().as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(opened.closes).hasValue(0);

        cache.close().as(StepVerifier::create).expectComplete().verify(WAIT);
        cache.close().as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(opened.closes).hasValue(1);
    }

    /** A topology that only counts how often it was closed. */
    private static final class CountingTopology implements RedisTopology {

        final AtomicInteger closes = new AtomicInteger();

        @Override
        public RedisClusterReactiveCommands<String, String> commands() {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public void dispatch(Collection<? extends RedisCommand<String, String, ?>> commands) {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public RedisClusterAsyncCommands<String, String> pipeline() {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public void flushPipeline() {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public Flux<RedisClusterReactiveCommands<String, String>> masters() {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public Mono<Void> close() {
            return Mono.fromRunnable(closes::incrementAndGet);
        }
    }
}
